using HdrHistogram;

namespace Hawiya.LoadTests.Metrics;

/// <summary>Percentiles of one histogram, in milliseconds.</summary>
public sealed record LatencySummary(long Count, double P50Ms, double P90Ms, double P99Ms, double P999Ms, double MaxMs, double MeanMs)
{
    public static readonly LatencySummary Empty = new(0, 0, 0, 0, 0, 0, 0);

    public static LatencySummary Of(HistogramBase histogram)
    {
        if (histogram.TotalCount == 0)
        {
            return Empty;
        }

        return new LatencySummary(
            histogram.TotalCount,
            Ms(histogram.GetValueAtPercentile(50)),
            Ms(histogram.GetValueAtPercentile(90)),
            Ms(histogram.GetValueAtPercentile(99)),
            Ms(histogram.GetValueAtPercentile(99.9)),
            Ms(histogram.GetMaxValue()),
            histogram.GetMean() / 1000.0);
    }

    private static double Ms(long microseconds) => microseconds / 1000.0;
}

/// <summary>
/// Latencies of one series (a scenario or a step) in microseconds: writers record from any
/// thread into an HdrHistogram <see cref="Recorder"/>; the sampler alone takes an interval
/// histogram each second and adds it to the run's total, so totals are the exact sum of the
/// per-second figures.
/// </summary>
public sealed class LatencyRecorder
{
    /// <summary>One hour: nothing the client waits for lasts longer (its HTTP timeout is far shorter).</summary>
    public const long HighestMicroseconds = 3_600_000_000;

    private readonly Recorder _recorder = HistogramFactory.With64BitBucketSize()
        .WithValuesFrom(1)
        .WithValuesUpTo(HighestMicroseconds)
        .WithPrecisionOf(3)
        .WithThreadSafeWrites()
        .WithThreadSafeReads()
        .Create();

    private readonly LongHistogram _total = new(1, HighestMicroseconds, 3);
    private readonly Lock _sampling = new();
    private HistogramBase? _spare;

    public void Record(TimeSpan latency)
    {
        var microseconds = (long)Math.Round(latency.TotalMicroseconds);
        _recorder.RecordValue(Math.Clamp(microseconds, 1, HighestMicroseconds));
    }

    /// <summary>What was recorded since the previous call, folded into the total as well.</summary>
    public LatencySummary TakeInterval()
    {
        lock (_sampling)
        {
            var interval = _spare is null ? _recorder.GetIntervalHistogram() : _recorder.GetIntervalHistogram(_spare);
            _total.Add(interval);
            _spare = interval;
            return LatencySummary.Of(interval);
        }
    }

    /// <summary>Everything taken so far (call <see cref="TakeInterval"/> first to include the latest).</summary>
    public LatencySummary Total()
    {
        lock (_sampling)
        {
            return LatencySummary.Of(_total);
        }
    }
}
