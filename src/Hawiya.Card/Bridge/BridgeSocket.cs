using System.Net.WebSockets;

namespace Hawiya.Card.Bridge;

/// <summary>Sends and receives whole <see cref="BridgeMessage"/>s on a WebSocket, for both ends of the bridge.</summary>
public static class BridgeSocket
{
    public static Task SendAsync(WebSocket socket, BridgeMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(socket);
        ArgumentNullException.ThrowIfNull(message);
        return socket.SendAsync(message.ToUtf8(), WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
    }

    /// <summary>
    /// The next message, or null when the peer closed the connection. A frame that is not a bridge
    /// message, binary, or larger than <see cref="BridgeMessage.MaxFrameBytes"/> closes the
    /// connection as a protocol error (RFC 6455 §7.4.1, 1002 and 1009) and returns null.
    /// </summary>
    public static async Task<BridgeMessage?> ReceiveAsync(WebSocket socket, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(socket);
        var buffer = new byte[BridgeMessage.MaxFrameBytes];
        var length = 0;
        while (true)
        {
            if (length == buffer.Length)
            {
                await CloseAsync(socket, WebSocketCloseStatus.MessageTooBig, "message too big").ConfigureAwait(false);
                return null;
            }

            var result = await socket.ReceiveAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                await CloseAsync(socket, WebSocketCloseStatus.NormalClosure, "bye").ConfigureAwait(false);
                return null;
            }

            length += result.Count;
            if (!result.EndOfMessage)
            {
                continue;
            }

            var message = result.MessageType == WebSocketMessageType.Text ? BridgeMessage.Parse(buffer.AsSpan(0, length)) : null;
            if (message is null)
            {
                await CloseAsync(socket, WebSocketCloseStatus.ProtocolError, "not a bridge message").ConfigureAwait(false);
            }

            return message;
        }
    }

    /// <summary>Closes without throwing when the other side is already gone.</summary>
    public static async Task CloseAsync(WebSocket socket, WebSocketCloseStatus status, string description)
    {
        ArgumentNullException.ThrowIfNull(socket);
        if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
        {
            try
            {
                using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await socket.CloseOutputAsync(status, description, grace.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException)
            {
                // The peer is gone: nothing left to tell it.
            }
        }
    }
}
