namespace Hawiya.Server.Traffic;

/// <summary>
/// A token bucket: <paramref name="burst"/> requests at once, refilled at
/// <paramref name="ratePerSecond"/>. Thread-safe; no timer, the refill is computed at each take.
/// </summary>
public sealed class TokenBucket
{
    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private double _tokens;
    private long _last;

    public TokenBucket(double ratePerSecond, double burst, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(ratePerSecond);
        ArgumentOutOfRangeException.ThrowIfLessThan(burst, 1.0);
        RatePerSecond = ratePerSecond;
        Burst = burst;
        _time = time;
        _tokens = burst;
        _last = time.GetTimestamp();
    }

    public double RatePerSecond { get; }

    public double Burst { get; }

    /// <summary>Takes one token; when there is none, says when the next one will be there.</summary>
    public bool TryTake(out TimeSpan retryAfter)
    {
        lock (_gate)
        {
            var now = _time.GetTimestamp();
            _tokens = Math.Min(Burst, _tokens + (_time.GetElapsedTime(_last, now).TotalSeconds * RatePerSecond));
            _last = now;
            if (_tokens >= 1)
            {
                _tokens -= 1;
                retryAfter = TimeSpan.Zero;
                return true;
            }

            retryAfter = TimeSpan.FromSeconds((1 - _tokens) / RatePerSecond);
            return false;
        }
    }

    /// <summary>A bucket with new limits that keeps the tokens this one had left (at most the new burst).</summary>
    public TokenBucket Resize(double newRate, double newBurst)
    {
        var resized = new TokenBucket(newRate, newBurst, _time);
        lock (_gate)
        {
            resized._tokens = Math.Min(newBurst, _tokens);
        }

        return resized;
    }
}
