using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using Hawiya.Card.Profile;
using Hawiya.VirtualCard.Applet;
using Hawiya.VirtualCard.CardFiles;
using Hawiya.VirtualCard.Vpcd;

namespace Hawiya.Card.Tests.VirtualCard;

/// <summary>The vpcd side of the socket, played by the test: framing, controls, reconnection.</summary>
public sealed class VpcdCardHostTests : IAsyncLifetime
{
    private static readonly TimeSpan Bounded = TimeSpan.FromSeconds(10);
    private readonly TcpListener _reader = new(IPAddress.Loopback, 0);
    private CnieApplet _applet = null!;
    private VpcdCardHost _host = null!;

    public Task InitializeAsync()
    {
        _reader.Start();
        _applet = new CnieApplet(DevelopmentCardFile.Create());
        _host = new VpcdCardHost(_applet, "127.0.0.1", ((IPEndPoint)_reader.LocalEndpoint).Port);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        _applet.Dispose();
        _reader.Stop();
    }

    [Fact]
    public async Task Insert_GetAtrControl_AnswersTheProfileAtr()
    {
        _host.Insert();
        using var connection = await AcceptAsync();

        await SendAsync(connection, [VpcdProtocol.GetAtr]);

        Assert.Equal(CnieProfile.Atr.ToArray(), await ReceiveAsync(connection));
    }

    [Fact]
    public async Task Insert_PowerOnThenApdu_AnswersResponseApdu()
    {
        _host.Insert();
        using var connection = await AcceptAsync();

        await SendAsync(connection, [VpcdProtocol.PowerOn]);
        await SendAsync(connection, [0x00, 0xA4, 0x04, 0x0C, (byte)CnieProfile.ApplicationId.Length, .. CnieProfile.ApplicationId]);

        Assert.Equal([0x90, 0x00], await ReceiveAsync(connection));
    }

    [Fact]
    public async Task Insert_ReaderDropsConnection_ReconnectsWithSessionCleared()
    {
        _host.Insert();
        using (var first = await AcceptAsync())
        {
            await SendAsync(first, [0x00, 0xA4, 0x04, 0x0C, (byte)CnieProfile.ApplicationId.Length, .. CnieProfile.ApplicationId]);
            Assert.Equal([0x90, 0x00], await ReceiveAsync(first));
        }

        using var second = await AcceptAsync();
        await SendAsync(second, [0x00, 0x20, 0x00, 0x81]);

        // The selection did not survive the lost connection: no application, '6985'.
        Assert.Equal([0x69, 0x85], await ReceiveAsync(second));
    }

    [Fact]
    public async Task RemoveAsync_Connected_ReaderSeesEndOfStream()
    {
        _host.Insert();
        using var connection = await AcceptAsync();
        await _host.WaitUntilConnectedAsync().WaitAsync(Bounded);

        await _host.RemoveAsync();

        var buffer = new byte[1];
        var read = await connection.GetStream().ReadAsync(buffer).AsTask().WaitAsync(Bounded);
        Assert.Equal(0, read);
        Assert.False(_host.IsInserted);
        Assert.False(_host.IsConnected);
    }

    private async Task<TcpClient> AcceptAsync() => await _reader.AcceptTcpClientAsync().WaitAsync(Bounded);

    private static async Task SendAsync(TcpClient connection, byte[] message)
    {
        var frame = new byte[message.Length + 2];
        BinaryPrimitives.WriteUInt16BigEndian(frame, (ushort)message.Length);
        message.CopyTo(frame, 2);
        await connection.GetStream().WriteAsync(frame);
    }

    private static async Task<byte[]> ReceiveAsync(TcpClient connection)
    {
        var header = new byte[2];
        await connection.GetStream().ReadExactlyAsync(header).AsTask().WaitAsync(Bounded);
        var message = new byte[BinaryPrimitives.ReadUInt16BigEndian(header)];
        await connection.GetStream().ReadExactlyAsync(message).AsTask().WaitAsync(Bounded);
        return message;
    }
}
