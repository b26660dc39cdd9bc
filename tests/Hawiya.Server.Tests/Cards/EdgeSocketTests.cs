using System.Net;
using System.Net.WebSockets;
using Hawiya.Card.Bridge;
using Hawiya.Server.Cards;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Hawiya.Server.Tests.Cards;

/// <summary>
/// Issue 26, finding 1: unauthenticated reader sockets must not starve a silo. They are not
/// counted by the load shedder, are capped per IP, and are closed at the handshake deadline.
/// </summary>
public sealed class EdgeSocketTests(EdgeServer server) : IClassFixture<EdgeServer>
{
    [Fact]
    public async Task Connect_MoreIdleSocketsThanTheShedderHasSlots_AuthorizeAndDiscoveryStillServed_AndThePerIpCapRefusesTheNext()
    {
        var sockets = new List<ClientWebSocket>();
        try
        {
            for (var i = 0; i < EdgeServer.PerIpCap; i++)
            {
                sockets.Add(await OpenAsync());
            }

            using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = server.Issuer };
            using var discovery = await http.GetAsync("/.well-known/openid-configuration");
            using var authorize = await http.GetAsync("/connect/authorize?client_id=" + Oidc.OidcServer.ClientId);
            var beyondCap = await Assert.ThrowsAsync<WebSocketException>(() => OpenAsync());

            Assert.Equal(HttpStatusCode.OK, discovery.StatusCode);
            Assert.NotEqual(HttpStatusCode.ServiceUnavailable, authorize.StatusCode);
            Assert.Contains("429", beyondCap.Message, StringComparison.Ordinal);
        }
        finally
        {
            foreach (var socket in sockets)
            {
                socket.Abort();
                socket.Dispose();
            }
        }
    }

    [Fact]
    public async Task Connect_NoHelloBeforeTheHandshakeDeadline_ServerClosesTheSocket()
    {
        using var socket = await OpenAsync();
        var deadline = server.Services.GetRequiredService<IOptions<EdgeBridgeSettings>>().Value.HandshakeTimeout;

        server.Time.Advance(deadline + TimeSpan.FromSeconds(1));

        // The server ends the connection: a close frame, or the connection torn down under it.
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var ended = await EndedAsync(socket, guard.Token);
        Assert.True(ended, "the server still holds the unauthenticated socket");
    }

    private static async Task<bool> EndedAsync(ClientWebSocket socket, CancellationToken cancel)
    {
        try
        {
            var received = await socket.ReceiveAsync(new byte[1024], cancel);
            return received.MessageType == WebSocketMessageType.Close;
        }
        catch (WebSocketException)
        {
            return true;
        }
    }

    /// <summary>Opens a reader socket and reads the server's challenge, so the server is waiting for the hello.</summary>
    private async Task<ClientWebSocket> OpenAsync()
    {
        var socket = new ClientWebSocket();
        try
        {
            await socket.ConnectAsync(new Uri($"ws://127.0.0.1:{server.Issuer.Port}/edge/connect"), CancellationToken.None);
            using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            var challenge = await BridgeSocket.ReceiveAsync(socket, guard.Token);
            Assert.Equal(BridgeTypes.Challenge, challenge?.Type);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
