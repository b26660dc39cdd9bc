using System.Net;
using System.Net.Sockets;

namespace Hawiya.Server.Tests.Hosting;

/// <summary>
/// A loopback TCP relay in front of PostgreSQL that a test can cut: every relayed connection is
/// reset and new ones are refused, as when the database's host goes away; then restored.
/// </summary>
public sealed class CuttableProxy : IAsyncDisposable
{
    private readonly IPEndPoint _target;
    private readonly Lock _gate = new();
    private readonly List<TcpClient> _open = [];
    private readonly CancellationTokenSource _stop = new();
    private TcpListener? _listener;

    public CuttableProxy(string host, int port)
    {
        _target = new IPEndPoint(Dns.GetHostAddresses(host).First(a => a.AddressFamily == AddressFamily.InterNetwork), port);
        Port = TestDatabase.FreePort();
        Listen();
    }

    public int Port { get; }

    /// <summary>Resets every relayed connection and stops listening: connects are refused.</summary>
    public void Cut()
    {
        lock (_gate)
        {
            _listener?.Stop();
            _listener = null;
            foreach (var client in _open)
            {
                // A reset, not a polite close; a connection its pump already closed has no socket left.
                if (client.Client is { } socket)
                {
                    socket.LingerState = new LingerOption(true, 0);
                }

                client.Dispose();
            }

            _open.Clear();
        }
    }

    /// <summary>Listens again on the same port.</summary>
    public void Restore() => Listen();

    private void Listen()
    {
        var listener = new TcpListener(IPAddress.Loopback, Port);
        listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        listener.Start();
        lock (_gate)
        {
            _listener = listener;
        }

        _ = AcceptAsync(listener);
    }

    private async Task AcceptAsync(TcpListener listener)
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient inbound;
            try
            {
                inbound = await listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException or OperationCanceledException or InvalidOperationException)
            {
                return;
            }

            var outbound = new TcpClient();
            try
            {
                await outbound.ConnectAsync(_target, _stop.Token);
            }
            catch (Exception e) when (e is SocketException or OperationCanceledException)
            {
                inbound.Dispose();
                outbound.Dispose();
                continue;
            }

            lock (_gate)
            {
                _open.Add(inbound);
                _open.Add(outbound);
            }

            _ = PumpAsync(inbound, outbound);
            _ = PumpAsync(outbound, inbound);
        }
    }

    private async Task PumpAsync(TcpClient from, TcpClient to)
    {
        try
        {
            await from.GetStream().CopyToAsync(to.GetStream(), _stop.Token);
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or OperationCanceledException or InvalidOperationException)
        {
        }
        finally
        {
            from.Dispose();
            to.Dispose();
        }
    }

    public ValueTask DisposeAsync()
    {
        _stop.Cancel();
        Cut();
        _stop.Dispose();
        return ValueTask.CompletedTask;
    }
}
