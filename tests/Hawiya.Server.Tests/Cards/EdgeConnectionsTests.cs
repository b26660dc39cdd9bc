using System.Net;
using Hawiya.Server.Cards;
using Microsoft.Extensions.Options;

namespace Hawiya.Server.Tests.Cards;

/// <summary>The reader sockets' own caps: per silo and per client IP, a place given back when a socket ends.</summary>
public sealed class EdgeConnectionsTests
{
    private static EdgeConnections New(int total, int perIp) =>
        new(Options.Create(new EdgeBridgeSettings { MaxConnections = total, MaxConnectionsPerIp = perIp }));

    [Fact]
    public void TryEnter_SiloCapReachedFromManyAddresses_RefusesAsSiloFullUntilOneEnds()
    {
        var connections = New(total: 3, perIp: 2);
        var leases = Enumerable.Range(1, 3).Select(i =>
        {
            Assert.Equal(EdgeAdmission.Admitted, connections.TryEnter(IPAddress.Parse($"10.0.0.{i}"), out var lease));
            return lease!;
        }).ToArray();

        var refused = connections.TryEnter(IPAddress.Parse("10.0.0.9"), out var none);
        leases[0].Dispose();
        leases[0].Dispose();
        var admitted = connections.TryEnter(IPAddress.Parse("10.0.0.9"), out var later);

        Assert.Equal(EdgeAdmission.SiloFull, refused);
        Assert.Null(none);
        Assert.Equal(EdgeAdmission.Admitted, admitted);
        Assert.Equal(3, connections.Count);
        later!.Dispose();
    }

    [Fact]
    public void TryEnter_OneAddressAtItsCap_RefusesItAndAdmitsAnother()
    {
        var connections = New(total: 10, perIp: 2);
        var address = IPAddress.Parse("192.0.2.7");
        connections.TryEnter(address, out var first);
        connections.TryEnter(address, out var second);

        Assert.Equal(EdgeAdmission.AddressFull, connections.TryEnter(address, out _));
        Assert.Equal(EdgeAdmission.Admitted, connections.TryEnter(IPAddress.Parse("192.0.2.8"), out var other));
        first!.Dispose();
        Assert.Equal(EdgeAdmission.Admitted, connections.TryEnter(address, out var third));
        foreach (var lease in new[] { second, other, third })
        {
            lease!.Dispose();
        }
    }
}
