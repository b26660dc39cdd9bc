using System.Buffers.Binary;
using System.Net.Sockets;
using Hawiya.VirtualCard.Applet;

namespace Hawiya.VirtualCard.Vpcd;

public enum VpcdCardEvent
{
    Connected,
    Disconnected,
    PoweredOn,
    PoweredOff,
    Reset,
}

/// <summary>
/// Puts a <see cref="CnieApplet"/> into a vpcd reader: <see cref="Insert"/> connects to pcscd's
/// vpcd port and serves its messages, reconnecting whenever the connection drops (pcscd
/// restarted); <see cref="RemoveAsync"/> closes the connection, which pcscd reports as a card
/// removal at its next presence poll.
/// </summary>
public sealed class VpcdCardHost : IAsyncDisposable
{
    private static readonly TimeSpan MinReconnectDelay = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan MaxReconnectDelay = TimeSpan.FromSeconds(2);

    private readonly CnieApplet _applet;
    private readonly string _host;
    private readonly int _port;
    private readonly TimeProvider _timeProvider;
    private readonly Lock _lock = new();
    private CancellationTokenSource? _stop;
    private Task _loop = Task.CompletedTask;
    private volatile TaskCompletionSource _connected = NewSignal();

    public VpcdCardHost(CnieApplet applet, string host = "127.0.0.1", int port = VpcdProtocol.DefaultPort, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(applet);
        ArgumentException.ThrowIfNullOrWhiteSpace(host);
        ArgumentOutOfRangeException.ThrowIfLessThan(port, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, 65535);
        _applet = applet;
        _host = host;
        _port = port;
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Raised from the connection's thread; carries no card data.</summary>
    public event EventHandler<VpcdCardEvent>? StateChanged;

    public CnieApplet Applet => _applet;

    public bool IsInserted
    {
        get
        {
            lock (_lock)
            {
                return _stop is not null;
            }
        }
    }

    public bool IsConnected => _connected.Task.IsCompleted;

    /// <summary>Starts connecting to the reader in the background; does nothing if already inserted.</summary>
    public void Insert()
    {
        lock (_lock)
        {
            if (_stop is not null)
            {
                return;
            }

            _stop = new CancellationTokenSource();
            var token = _stop.Token;
            _loop = Task.Run(() => RunAsync(token), CancellationToken.None);
        }
    }

    /// <summary>Completes once a TCP connection to the reader is up (pcscd sees the card at its next poll).</summary>
    public Task WaitUntilConnectedAsync(CancellationToken cancellationToken = default) =>
        _connected.Task.WaitAsync(cancellationToken);

    /// <summary>Closes the connection and stops reconnecting: the card leaves the reader.</summary>
    public async Task RemoveAsync()
    {
        CancellationTokenSource? stop;
        Task loop;
        lock (_lock)
        {
            stop = _stop;
            loop = _loop;
            _stop = null;
        }

        if (stop is null)
        {
            return;
        }

        await stop.CancelAsync().ConfigureAwait(false);
        await loop.ConfigureAwait(false);
        stop.Dispose();
    }

    public ValueTask DisposeAsync() => new(RemoveAsync());

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        var delay = MinReconnectDelay;
        while (!cancellationToken.IsCancellationRequested)
        {
            var wasConnected = false;
            try
            {
                using var client = new TcpClient { NoDelay = true };
                await client.ConnectAsync(_host, _port, cancellationToken).ConfigureAwait(false);
                wasConnected = true;
                delay = MinReconnectDelay;
                _connected.TrySetResult();
                Raise(VpcdCardEvent.Connected);
                await ServeAsync(client.GetStream(), cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // Removed while connecting or serving.
            }
            catch (Exception e) when (e is SocketException or IOException)
            {
                // pcscd not listening yet, or gone: try again after a pause.
            }
            finally
            {
                if (wasConnected)
                {
                    // Losing the reader is losing power: the session state must not survive it.
                    _applet.PowerOff();
                    _connected = NewSignal();
                    Raise(VpcdCardEvent.Disconnected);
                }
            }

            try
            {
                await Task.Delay(delay, _timeProvider, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxReconnectDelay.Ticks));
        }
    }

    /// <summary>Serves reader messages until the reader closes the connection.</summary>
    private async Task ServeAsync(NetworkStream stream, CancellationToken cancellationToken)
    {
        var header = new byte[2];
        while (true)
        {
            if (!await ReadExactlyOrEndAsync(stream, header, cancellationToken).ConfigureAwait(false))
            {
                return;
            }

            var message = new byte[BinaryPrimitives.ReadUInt16BigEndian(header)];
            if (!await ReadExactlyOrEndAsync(stream, message, cancellationToken).ConfigureAwait(false))
            {
                return;
            }

            if (message.Length == 1)
            {
                var answer = Control(message[0]);
                if (answer is not null)
                {
                    await SendAsync(stream, answer, cancellationToken).ConfigureAwait(false);
                }
            }
            else if (message.Length > 1)
            {
                await SendAsync(stream, _applet.Process(message), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private byte[]? Control(byte control)
    {
        switch (control)
        {
            case VpcdProtocol.PowerOff:
                _applet.PowerOff();
                Raise(VpcdCardEvent.PoweredOff);
                return null;
            case VpcdProtocol.PowerOn:
                _applet.PowerOn();
                Raise(VpcdCardEvent.PoweredOn);
                return null;
            case VpcdProtocol.Reset:
                _applet.Reset();
                Raise(VpcdCardEvent.Reset);
                return null;
            case VpcdProtocol.GetAtr:
                return _applet.Atr;
            default:
                // Unknown controls get no answer, as in vsmartcard's own vpicc.
                return null;
        }
    }

    private static async Task SendAsync(NetworkStream stream, byte[] payload, CancellationToken cancellationToken)
    {
        if (payload.Length > VpcdProtocol.MaxMessageLength)
        {
            throw new IOException($"A vpcd message carries at most {VpcdProtocol.MaxMessageLength} bytes.");
        }

        var frame = new byte[payload.Length + 2];
        BinaryPrimitives.WriteUInt16BigEndian(frame, (ushort)payload.Length);
        payload.CopyTo(frame, 2);
        await stream.WriteAsync(frame, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<bool> ReadExactlyOrEndAsync(NetworkStream stream, byte[] buffer, CancellationToken cancellationToken)
    {
        if (buffer.Length == 0)
        {
            return true;
        }

        var read = await stream.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken)
            .ConfigureAwait(false);
        return read == buffer.Length;
    }

    private void Raise(VpcdCardEvent cardEvent) => StateChanged?.Invoke(this, cardEvent);

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
