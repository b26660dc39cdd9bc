using System.Runtime.InteropServices;
using System.Text;

namespace Hawiya.CardReader.Pcsc;

/// <summary>
/// A PC/SC resource manager context (SCardEstablishContext). pcsc-lite serialises the calls on
/// one context, so a thread blocked in a wait holds it: use one context to wait for cards and
/// another for the card you talk to. <see cref="Cancel"/> is the one call safe from any thread.
/// </summary>
public sealed unsafe class PcscContext : IDisposable
{
    /// <summary>Longest single SCardGetStatusChange call; bounds how late a cancellation racing the call can land.</summary>
    private static readonly TimeSpan MaxWaitSlice = TimeSpan.FromSeconds(1);

    private readonly TimeProvider _timeProvider;
    private nint _handle;

    private PcscContext(nint handle, TimeProvider timeProvider)
    {
        _handle = handle;
        _timeProvider = timeProvider;
    }

    /// <summary>Connects to pcscd; throws <see cref="PcscServiceUnavailableException"/> when it is not running.</summary>
    public static PcscContext Establish(PcscScope scope = PcscScope.System, TimeProvider? timeProvider = null)
    {
        if (!OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException("The PC/SC layer binds pcsc-lite's Linux ABI (8-byte DWORD).");
        }

        PcscException.ThrowIfFailed(
            PcscNative.SCardEstablishContext((nuint)scope, 0, 0, out var handle), "SCardEstablishContext");
        return new PcscContext(handle, timeProvider ?? TimeProvider.System);
    }

    internal nint Handle => _handle != 0 ? _handle : throw new ObjectDisposedException(nameof(PcscContext));

    /// <summary>The readers pcscd knows, in its order; empty when there are none.</summary>
    public IReadOnlyList<string> ListReaders()
    {
        // Two calls, as PC/SC part 5 describes for SCardListReaders: ask the length, then fill. A reader
        // plugged in between the calls makes the second one fail with INSUFFICIENT_BUFFER: retry.
        for (var attempt = 0; attempt < 3; attempt++)
        {
            nuint length = 0;
            var result = PcscException.ToErrorCode(PcscNative.SCardListReaders(Handle, null, null, ref length));
            if (result == PcscException.NoReadersAvailable)
            {
                return [];
            }

            if (result != PcscException.Success)
            {
                throw PcscException.FromErrorCode(result, "SCardListReaders");
            }

            var buffer = new byte[(int)length];
            fixed (byte* readers = buffer)
            {
                result = PcscException.ToErrorCode(PcscNative.SCardListReaders(Handle, null, readers, ref length));
            }

            if (result == PcscException.InsufficientBuffer)
            {
                continue;
            }

            if (result == PcscException.NoReadersAvailable)
            {
                return [];
            }

            if (result != PcscException.Success)
            {
                throw PcscException.FromErrorCode(result, "SCardListReaders");
            }

            // A multi-string: names separated by NUL, ended by an empty name.
            return Encoding.UTF8.GetString(buffer, 0, (int)length)
                .Split('\0', StringSplitOptions.RemoveEmptyEntries);
        }

        throw PcscException.FromErrorCode(PcscException.InsufficientBuffer, "SCardListReaders");
    }

    /// <summary>The readers, or <see cref="PcscNoReadersException"/> when there are none.</summary>
    public IReadOnlyList<string> RequireReaders()
    {
        var readers = ListReaders();
        return readers.Count > 0 ? readers : throw PcscException.FromErrorCode(PcscException.NoReadersAvailable, "SCardListReaders");
    }

    /// <summary>The current state of a reader, without waiting.</summary>
    public ReaderStatus GetStatus(string reader) =>
        GetStatusChange([reader], [0], TimeSpan.Zero)?[0] ?? throw new TimeoutException($"Reader '{reader}' did not report its state.");

    /// <summary>Waits until a card is present in the reader; returns at once if one already is.</summary>
    public Task<ReaderStatus> WaitForCardAsync(string reader, TimeSpan timeout, CancellationToken cancellationToken = default) =>
        WaitForCardAsync([reader], timeout, cancellationToken);

    /// <summary>Waits until a card is present in any of the readers; the first reader seen with one wins.</summary>
    public Task<ReaderStatus> WaitForCardAsync(IReadOnlyList<string> readers, TimeSpan timeout, CancellationToken cancellationToken = default) =>
        WaitAsync(readers, static s => s.IsCardPresent, "card insertion", timeout, cancellationToken);

    /// <summary>Waits until the reader is empty; returns at once if it already is.</summary>
    public Task<ReaderStatus> WaitForCardRemovalAsync(string reader, TimeSpan timeout, CancellationToken cancellationToken = default) =>
        WaitAsync([reader], static s => !s.IsCardPresent, "card removal", timeout, cancellationToken);

    /// <summary>Connects to the card in a reader (SCardConnect); T=1 first when both are offered.</summary>
    public PcscCard Connect(string reader, PcscShareMode shareMode = PcscShareMode.Shared, PcscProtocols protocols = PcscProtocols.Any)
    {
        PcscException.ThrowIfFailed(
            PcscNative.SCardConnect(Handle, reader, (nuint)shareMode, (nuint)protocols, out var card, out var active),
            "SCardConnect", reader);
        return new PcscCard(card, reader, (PcscProtocols)(uint)active, shareMode);
    }

    /// <summary>Ends a blocking SCardGetStatusChange on this context (SCardCancel): safe from any thread.</summary>
    public void Cancel()
    {
        var handle = _handle;
        if (handle != 0)
        {
            PcscNative.SCardCancel(handle);
        }
    }

    public void Dispose()
    {
        var handle = Interlocked.Exchange(ref _handle, 0);
        if (handle != 0)
        {
            PcscNative.SCardReleaseContext(handle);
        }
    }

    private Task<ReaderStatus> WaitAsync(
        IReadOnlyList<string> readers, Func<ReaderStatus, bool> done, string what, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(timeout, TimeSpan.Zero);
        if (readers.Count == 0)
        {
            throw PcscException.FromErrorCode(PcscException.NoReadersAvailable, "SCardGetStatusChange");
        }

        // SCardGetStatusChange blocks its thread: give it one of its own rather than a pool thread.
        return Task.Factory.StartNew(
            () => WaitBlocking(readers, done, what, timeout, cancellationToken),
            cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    private ReaderStatus WaitBlocking(
        IReadOnlyList<string> readers, Func<ReaderStatus, bool> done, string what, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var registration = cancellationToken.Register(Cancel);
        var deadline = _timeProvider.GetTimestamp() + (long)(timeout.TotalSeconds * _timeProvider.TimestampFrequency);
        var known = new nuint[readers.Count];
        var slice = TimeSpan.Zero; // the first call, with every reader "unaware", answers at once
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var statuses = GetStatusChange(readers, known, slice, cancellationToken);
            if (statuses?.FirstOrDefault(done) is { } hit)
            {
                return hit;
            }

            // pcsc-lite answers at once, again and again, for a reader it does not know: fail now.
            if (statuses?.FirstOrDefault(s => s.State.HasFlag(ReaderStates.Unknown)) is { } unknown)
            {
                throw PcscException.FromErrorCode(PcscException.UnknownReader, "SCardGetStatusChange", unknown.Reader);
            }

            var remaining = TimeSpan.FromSeconds(
                (deadline - _timeProvider.GetTimestamp()) / (double)_timeProvider.TimestampFrequency);
            if (remaining <= TimeSpan.Zero)
            {
                throw new TimeoutException(
                    $"No {what} in reader{(readers.Count > 1 ? "s" : string.Empty)} '{string.Join("', '", readers)}' within {timeout.TotalSeconds:0.#} s.");
            }

            slice = remaining < MaxWaitSlice ? remaining : MaxWaitSlice;
        }
    }

    /// <summary>
    /// One SCardGetStatusChange over the readers (PC/SC part 5). <paramref name="known"/>
    /// holds the state the caller last saw (0 = SCARD_STATE_UNAWARE, answered at once) and is
    /// updated in place. Returns every reader's state, or null when the timeout passed unchanged.
    /// </summary>
    private ReaderStatus[]? GetStatusChange(
        IReadOnlyList<string> readers, nuint[] known, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var states = new ScardReaderState[readers.Count];
        try
        {
            for (var i = 0; i < states.Length; i++)
            {
                states[i].Reader = Marshal.StringToCoTaskMemUTF8(readers[i]);
                states[i].CurrentState = known[i];
            }

            nint result;
            fixed (ScardReaderState* pointer = states)
            {
                result = PcscNative.SCardGetStatusChange(
                    Handle, (nuint)(uint)Math.Ceiling(timeout.TotalMilliseconds), pointer, (nuint)states.Length);
            }

            var errorCode = PcscException.ToErrorCode(result);
            if (errorCode == PcscException.Timeout)
            {
                return null;
            }

            if (errorCode == PcscException.Cancelled && cancellationToken.IsCancellationRequested)
            {
                throw new OperationCanceledException(cancellationToken);
            }

            PcscException.ThrowIfFailed(result, "SCardGetStatusChange", readers.Count == 1 ? readers[0] : null);
            var statuses = new ReaderStatus[states.Length];
            for (var i = 0; i < states.Length; i++)
            {
                statuses[i] = ToStatus(readers[i], ref states[i]);
                known[i] = statuses[i].RawEventState;
            }

            return statuses;
        }
        finally
        {
            foreach (var state in states)
            {
                Marshal.FreeCoTaskMem(state.Reader);
            }
        }
    }

    private static ReaderStatus ToStatus(string reader, ref ScardReaderState state)
    {
        var atrLength = (int)Math.Min((ulong)state.AtrLength, PcscNative.MaxAtrSize);
        var atr = new byte[atrLength];
        fixed (byte* source = state.Atr)
        {
            new ReadOnlySpan<byte>(source, atrLength).CopyTo(atr);
        }

        var raw = state.EventState & ~(nuint)ReaderStates.Changed;
        return new ReaderStatus(reader, (ReaderStates)(uint)(raw & 0xFFFF), (int)((raw >> 16) & 0xFFFF), atr, raw);
    }
}
