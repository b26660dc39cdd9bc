using System.Collections.Concurrent;

namespace Hawiya.LoadTests.Metrics;

/// <summary>How one kind of failure was counted: where, what, and whether the server answered wrongly.</summary>
public sealed record ErrorCount(string Scenario, string Step, string Kind, bool WrongAnswer, long Count);

/// <summary>Latency of one second of one scenario.</summary>
public sealed record IntervalLatency(long Count, double P50Ms, double P99Ms, double MaxMs);

/// <summary>One second of the run, as the progress line and the charts show it.</summary>
public sealed record SecondSample(
    int Second,
    long Arrivals,
    long Succeeded,
    long Failed,
    long WrongAnswers,
    long Dropped,
    long InFlight,
    IReadOnlyDictionary<string, IntervalLatency> Scenarios);

/// <summary>Totals of one scenario (or of one step of a scenario).</summary>
public sealed record SeriesTotals(string Scenario, string? Step, long Succeeded, long Failed, long WrongAnswers, LatencySummary Latency);

/// <summary>Everything measured in a run.</summary>
public sealed record RunTotals(
    long Arrivals,
    long Succeeded,
    long Failed,
    long WrongAnswers,
    long Dropped,
    IReadOnlyList<SeriesTotals> Scenarios,
    SeriesTotals All,
    IReadOnlyList<SeriesTotals> Steps,
    IReadOnlyList<ErrorCount> Errors,
    IReadOnlyDictionary<string, long> DroppedBy,
    IReadOnlyList<SecondSample> Seconds);

/// <summary>
/// Collects outcomes from every virtual login (any thread) and turns them into per-second
/// samples (called by one sampler) and run totals. Scenario latency is only recorded for
/// successes; failures are counted by kind instead.
/// </summary>
public sealed class MetricsCollector
{
    public const string AllScenarios = "all";

    private readonly ConcurrentDictionary<string, Series> _scenarios = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string Scenario, string Step), Series> _steps = new();
    private readonly ConcurrentDictionary<(string Scenario, string Step, string Kind, bool Wrong), long> _errors = new();
    private readonly ConcurrentDictionary<string, long> _droppedBy = new(StringComparer.Ordinal);
    private readonly Series _all = new();
    private readonly List<SecondSample> _seconds = [];
    private readonly Lock _sampling = new();
    private long _arrivals;
    private long _dropped;
    private long _stepOrder;
    private (long Arrivals, long Succeeded, long Failed, long Wrong, long Dropped) _previous;

    public long Arrivals => Interlocked.Read(ref _arrivals);

    public long DroppedCount => Interlocked.Read(ref _dropped);

    public long Succeeded => _all.Succeeded;

    public long Failed => _all.Failed;

    public long WrongAnswers => _all.Wrong;

    public void ArrivalStarted() => Interlocked.Increment(ref _arrivals);

    /// <summary>An arrival (already counted by <see cref="ArrivalStarted"/>) that could not be offered to the server because this client had no room for it.</summary>
    public void RecordDropped(string reason)
    {
        Interlocked.Increment(ref _dropped);
        _droppedBy.AddOrUpdate(reason, 1, (_, n) => n + 1);
    }

    public void RecordSuccess(string scenario, TimeSpan latency)
    {
        var series = ScenarioSeries(scenario);
        series.Latency.Record(latency);
        Interlocked.Increment(ref series.SucceededCount);
        _all.Latency.Record(latency);
        Interlocked.Increment(ref _all.SucceededCount);
    }

    public void RecordFailure(string scenario, string step, string kind, bool wrongAnswer)
    {
        foreach (var series in new[] { ScenarioSeries(scenario), StepSeries(scenario, step), _all })
        {
            Interlocked.Increment(ref series.FailedCount);
            if (wrongAnswer)
            {
                Interlocked.Increment(ref series.WrongCount);
            }
        }

        _errors.AddOrUpdate((scenario, step, kind, wrongAnswer), 1, (_, n) => n + 1);
    }

    public void RecordStep(string scenario, string step, TimeSpan duration)
    {
        var series = StepSeries(scenario, step);
        series.Latency.Record(duration);
        Interlocked.Increment(ref series.SucceededCount);
    }

    /// <summary>Closes one second: what happened since the previous sample.</summary>
    public SecondSample Sample(int second, long inFlight)
    {
        lock (_sampling)
        {
            var now = (Arrivals, _all.Succeeded, _all.Failed, _all.Wrong, DroppedCount);
            var latencies = new SortedDictionary<string, IntervalLatency>(StringComparer.Ordinal);
            foreach (var (name, series) in _scenarios)
            {
                var interval = series.Latency.TakeInterval();
                latencies[name] = new IntervalLatency(interval.Count, interval.P50Ms, interval.P99Ms, interval.MaxMs);
            }

            var all = _all.Latency.TakeInterval();
            latencies[AllScenarios] = new IntervalLatency(all.Count, all.P50Ms, all.P99Ms, all.MaxMs);
            foreach (var series in _steps.Values)
            {
                series.Latency.TakeInterval();
            }

            var sample = new SecondSample(
                second,
                now.Item1 - _previous.Arrivals,
                now.Item2 - _previous.Succeeded,
                now.Item3 - _previous.Failed,
                now.Item4 - _previous.Wrong,
                now.Item5 - _previous.Dropped,
                inFlight,
                latencies);
            _previous = now;
            _seconds.Add(sample);
            return sample;
        }
    }

    /// <summary>Latency of every success so far (as of the latest sample).</summary>
    public LatencySummary OverallSoFar() => _all.Latency.Total();

    /// <summary>The run's totals, as of the latest sample (take one last sample first).</summary>
    public RunTotals Summarize()
    {
        lock (_sampling)
        {
            var scenarios = _scenarios.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => s.Value.Totals(s.Key, null)).ToArray();
            var steps = _steps.OrderBy(s => s.Key.Scenario, StringComparer.Ordinal).ThenBy(s => s.Value.Order)
                .Select(s => s.Value.Totals(s.Key.Scenario, s.Key.Step)).ToArray();
            var errors = _errors.Select(e => new ErrorCount(e.Key.Scenario, e.Key.Step, e.Key.Kind, e.Key.Wrong, e.Value))
                .OrderByDescending(e => e.WrongAnswer).ThenByDescending(e => e.Count).ThenBy(e => e.Kind, StringComparer.Ordinal).ToArray();
            return new RunTotals(
                Arrivals, _all.Succeeded, _all.Failed, _all.Wrong, DroppedCount,
                scenarios, _all.Totals(AllScenarios, null), steps, errors,
                new SortedDictionary<string, long>(_droppedBy, StringComparer.Ordinal), [.. _seconds]);
        }
    }

    private Series ScenarioSeries(string scenario) => _scenarios.GetOrAdd(scenario, _ => new Series());

    // Steps keep the order in which they were first seen, which is the order of the flow.
    private Series StepSeries(string scenario, string step) =>
        _steps.GetOrAdd((scenario, step), _ => new Series { Order = Interlocked.Increment(ref _stepOrder) });

    private sealed class Series
    {
        // Counters are fields, not properties: Interlocked works on a ref to them.
        public readonly LatencyRecorder Latency = new();
        public long SucceededCount;
        public long FailedCount;
        public long WrongCount;

        public long Order { get; init; }

        public long Succeeded => Interlocked.Read(ref SucceededCount);

        public long Failed => Interlocked.Read(ref FailedCount);

        public long Wrong => Interlocked.Read(ref WrongCount);

        public SeriesTotals Totals(string scenario, string? step) => new(scenario, step, Succeeded, Failed, Wrong, Latency.Total());
    }
}
