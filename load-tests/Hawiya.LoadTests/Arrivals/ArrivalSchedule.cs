namespace Hawiya.LoadTests.Arrivals;

/// <summary>
/// When new work arrives in an open model: the rate climbs linearly from zero to
/// <see cref="Rate"/> over <see cref="Ramp"/>, then holds until <see cref="Duration"/> ends.
/// Arrivals are evenly spaced rather than random so that two runs at the same settings offer
/// the server exactly the same load; the k-th arrival falls where the expected cumulative
/// count reaches k.
/// </summary>
public sealed record ArrivalSchedule
{
    public ArrivalSchedule(double rate, TimeSpan ramp, TimeSpan duration)
    {
        if (!(rate > 0) || double.IsInfinity(rate))
        {
            throw new ArgumentOutOfRangeException(nameof(rate), "The arrival rate must be a positive number of arrivals per second.");
        }

        if (duration <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(duration), "The duration must be positive.");
        }

        if (ramp < TimeSpan.Zero || ramp > duration)
        {
            throw new ArgumentOutOfRangeException(nameof(ramp), "The ramp must be between zero and the duration.");
        }

        Rate = rate;
        Ramp = ramp;
        Duration = duration;
        TotalArrivals = (long)Math.Floor(CumulativeAt(duration) + 1e-9);
    }

    /// <summary>Arrivals per second once the ramp is over.</summary>
    public double Rate { get; }

    public TimeSpan Ramp { get; }

    public TimeSpan Duration { get; }

    /// <summary>How many arrivals the whole run issues.</summary>
    public long TotalArrivals { get; }

    /// <summary>Expected number of arrivals in [0, <paramref name="elapsed"/>].</summary>
    public double CumulativeAt(TimeSpan elapsed)
    {
        var t = Math.Clamp(elapsed.TotalSeconds, 0, Duration.TotalSeconds);
        var ramp = Ramp.TotalSeconds;
        if (t <= ramp)
        {
            // Rate grows as Rate·t/ramp; its integral is Rate·t²/(2·ramp).
            return Rate * t * t / (2 * ramp);
        }

        return (Rate * ramp / 2) + (Rate * (t - ramp));
    }

    /// <summary>The instant of arrival number <paramref name="k"/> (1-based), from the start of the run.</summary>
    public TimeSpan TimeOf(long k)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        var ramp = Ramp.TotalSeconds;
        var duringRamp = Rate * ramp / 2;
        var seconds = k <= duringRamp
            ? Math.Sqrt(2 * k * ramp / Rate)
            : ramp + ((k - duringRamp) / Rate);
        return TimeSpan.FromSeconds(seconds);
    }
}
