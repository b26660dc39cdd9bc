using System.Collections.Concurrent;
using System.Diagnostics;

namespace Hawiya.LoadTests.Chaos;

/// <summary>
/// A chaos run second by second, counted from the first arrival: arrivals, successes, failures
/// by kind, and the storage probe's answers. Written from any thread.
/// </summary>
public sealed class ChaosTimeline
{
    public static readonly string[] Kinds = ["503", "500", "429", "other http", "transport", "timeout", "wrong answer", "other"];

    private readonly ConcurrentDictionary<int, Second> _seconds = new();
    private readonly ConcurrentQueue<ProbeAnswer> _probes = new();

    public Stopwatch Clock { get; } = new();

    public void Arrived() => At().Arrivals.Add(1);

    public void Succeeded() => At().Ok.Add(1);

    public void Failed(string kind, bool wrongAnswer) => At().Failures.AddOrUpdate(Bucket(kind, wrongAnswer), 1, (_, n) => n + 1);

    public void Probed(int status, double milliseconds) => _probes.Enqueue(new ProbeAnswer(Clock.Elapsed.TotalSeconds, status, milliseconds));

    /// <summary>The failure kinds a chart and the figures tell apart, from the load tool's own description of a failure.</summary>
    public static string Bucket(string kind, bool wrongAnswer) => wrongAnswer ? "wrong answer" : kind switch
    {
        _ when kind.StartsWith("http 503", StringComparison.Ordinal) => "503",
        _ when kind.StartsWith("http 500", StringComparison.Ordinal) => "500",
        _ when kind.StartsWith("http 429", StringComparison.Ordinal) => "429",
        _ when kind.StartsWith("http ", StringComparison.Ordinal) => "other http",
        _ when kind.StartsWith("transport", StringComparison.Ordinal) => "transport",
        "timeout" => "timeout",
        _ => "other",
    };

    public IReadOnlyList<SecondCounts> Seconds()
    {
        var last = _seconds.IsEmpty ? -1 : _seconds.Keys.Max();
        return [.. Enumerable.Range(0, last + 1).Select(i => _seconds.TryGetValue(i, out var s)
            ? new SecondCounts(i, s.Arrivals.Value, s.Ok.Value, new Dictionary<string, long>(s.Failures))
            : new SecondCounts(i, 0, 0, new Dictionary<string, long>()))];
    }

    public IReadOnlyList<ProbeAnswer> Probes() => [.. _probes];

    private Second At() => _seconds.GetOrAdd((int)Clock.Elapsed.TotalSeconds, _ => new Second());

    private sealed class Second
    {
        public readonly Counter Arrivals = new();
        public readonly Counter Ok = new();
        public readonly ConcurrentDictionary<string, long> Failures = new(StringComparer.Ordinal);
    }

    private sealed class Counter
    {
        private long _value;

        public long Value => Interlocked.Read(ref _value);

        public void Add(long n) => Interlocked.Add(ref _value, n);
    }
}

/// <summary>One second of a chaos run: [Index, Index + 1) seconds after the first arrival.</summary>
public sealed record SecondCounts(int Index, long Arrivals, long Ok, IReadOnlyDictionary<string, long> Failures)
{
    public long Failed => Failures.Values.Sum();
}

/// <summary>One answer of the storage probe: when (seconds after the first arrival), its status, how long it took.</summary>
public sealed record ProbeAnswer(double At, int Status, double Milliseconds);
