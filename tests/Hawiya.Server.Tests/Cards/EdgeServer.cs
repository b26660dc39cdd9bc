using Hawiya.Server.Tests.Oidc;

namespace Hawiya.Server.Tests.Cards;

/// <summary>
/// The whole server with a small load shedder (three slots for new work) and small caps on the
/// reader sockets, so that a few sockets show whether they take the shedder's slots.
/// </summary>
public sealed class EdgeServer : OidcServer
{
    public const int ShedderSlots = 4;
    public const int PerIpCap = 5;

    protected override IEnumerable<KeyValuePair<string, string?>> MoreSettings() => new Dictionary<string, string?>
    {
        ["Hawiya:Traffic:MaxConcurrentRequests"] = ShedderSlots.ToString(),
        ["Hawiya:Traffic:PriorityReserve"] = "1",
        ["Hawiya:EdgeBridge:MaxConnectionsPerIp"] = PerIpCap.ToString(),
        ["Hawiya:EdgeBridge:MaxConnections"] = "50",
    };
}
