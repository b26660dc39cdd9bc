namespace Hawiya.LoadTests.Arrivals;

/// <summary>One arrival: its number and the instant it was due (a <see cref="TimeProvider"/> timestamp).</summary>
public readonly record struct Arrival(long Number, long DueTimestamp);

/// <summary>
/// Issues arrivals on time whatever happens to earlier ones (open model): a slow server shows
/// up as latency and as work in flight, never as a politely slower client. Work runs on the
/// thread pool and is never awaited here. The only brake is <c>maxInFlight</c>, which protects
/// the client itself; an arrival refused by it is counted as dropped, and a run with dropped
/// arrivals has not offered the load it claims.
/// </summary>
public sealed class ArrivalScheduler
{
    /// <summary>Timers are not finer than this; due arrivals are issued together instead.</summary>
    private static readonly TimeSpan ShortestWait = TimeSpan.FromMilliseconds(1);

    private readonly ArrivalSchedule _schedule;
    private readonly int _maxInFlight;
    private readonly TimeProvider _time;
    private readonly Func<TimeSpan, CancellationToken, Task> _wait;
    private long _launched;
    private long _dropped;
    private long _inFlight;
    private long _faulted;

    /// <param name="wait">How to wait; tests pass one that moves fake time, everything else the default timer.</param>
    public ArrivalScheduler(ArrivalSchedule schedule, int maxInFlight, TimeProvider time, Func<TimeSpan, CancellationToken, Task>? wait = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxInFlight, 1);
        _schedule = schedule;
        _maxInFlight = maxInFlight;
        _time = time;
        _wait = wait ?? ((delay, ct) => Task.Delay(delay, time, ct));
    }

    /// <summary>Arrivals handed to the work.</summary>
    public long Launched => Interlocked.Read(ref _launched);

    /// <summary>Arrivals refused because <c>maxInFlight</c> were still running.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Arrivals whose work has not finished yet.</summary>
    public long InFlight => Interlocked.Read(ref _inFlight);

    /// <summary>Work that threw instead of recording its own outcome: a bug of this client.</summary>
    public long Faulted => Interlocked.Read(ref _faulted);

    /// <summary>Raised (on the scheduler's thread) for each arrival handed to the work, before the work starts.</summary>
    public event Action<Arrival>? ArrivalIssued;

    /// <summary>Raised (on the scheduler's thread) for each arrival refused by the in-flight cap.</summary>
    public event Action<Arrival>? ArrivalDropped;

    /// <summary>
    /// Issues every arrival of the schedule at its time and returns when the last one was issued
    /// (not when its work ends) or when <paramref name="cancellationToken"/> stops the run early.
    /// </summary>
    public async Task RunAsync(Func<Arrival, Task> work, CancellationToken cancellationToken)
    {
        var start = _time.GetTimestamp();
        var next = 1L;
        while (next <= _schedule.TotalArrivals && !cancellationToken.IsCancellationRequested)
        {
            var elapsed = _time.GetElapsedTime(start);
            while (next <= _schedule.TotalArrivals && _schedule.TimeOf(next) <= elapsed)
            {
                Dispatch(new Arrival(next, start + ToTimestamp(_schedule.TimeOf(next))), work);
                next++;
            }

            if (next > _schedule.TotalArrivals)
            {
                break;
            }

            // Timers count whole milliseconds and truncate: round up, or the wake comes early,
            // finds nothing due and costs a second wait.
            var delay = TimeSpan.FromMilliseconds(Math.Ceiling((_schedule.TimeOf(next) - elapsed).TotalMilliseconds));
            try
            {
                await _wait(delay < ShortestWait ? ShortestWait : delay, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    /// <summary>Waits until no work is in flight, or until <paramref name="limit"/> has passed; true when idle.</summary>
    public async Task<bool> DrainAsync(TimeSpan limit, CancellationToken cancellationToken)
    {
        var start = _time.GetTimestamp();
        while (InFlight > 0)
        {
            if (_time.GetElapsedTime(start) >= limit || cancellationToken.IsCancellationRequested)
            {
                return false;
            }

            await _wait(TimeSpan.FromMilliseconds(50), CancellationToken.None).ConfigureAwait(false);
        }

        return true;
    }

    private void Dispatch(Arrival arrival, Func<Arrival, Task> work)
    {
        if (Interlocked.Increment(ref _inFlight) > _maxInFlight)
        {
            Interlocked.Decrement(ref _inFlight);
            Interlocked.Increment(ref _dropped);
            ArrivalDropped?.Invoke(arrival);
            return;
        }

        Interlocked.Increment(ref _launched);
        ArrivalIssued?.Invoke(arrival);
        _ = RunOneAsync(arrival, work);
    }

    private async Task RunOneAsync(Arrival arrival, Func<Arrival, Task> work)
    {
        try
        {
            // Task.Run: not even the synchronous start of the work may delay the next arrival.
            await Task.Run(() => work(arrival)).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // The work records its own outcome; anything escaping is counted, never lost.
        catch (Exception)
#pragma warning restore CA1031
        {
            Interlocked.Increment(ref _faulted);
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    private long ToTimestamp(TimeSpan offset) => (long)(offset.TotalSeconds * _time.TimestampFrequency);
}
