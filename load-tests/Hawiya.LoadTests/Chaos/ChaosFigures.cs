namespace Hawiya.LoadTests.Chaos;

/// <summary>
/// The figures of one outage: from the fault that began it to the first second after which three
/// seconds in a row have no failure (recovered).
/// </summary>
/// <param name="Fault">The action that began it.</param>
/// <param name="BeganAt">Seconds after the first arrival.</param>
/// <param name="EndedAt">When the fault itself was over: the kill, the last silo back, the database started again.</param>
/// <param name="RecoveredAt">The start of the first second of three in a row without failures after <paramref name="EndedAt"/>; null if the run ended first.</param>
/// <param name="Arrivals">Arrivals from <paramref name="BeganAt"/> to recovery.</param>
/// <param name="Failures">Failures in that time, by kind.</param>
/// <param name="FirstTenSecondsArrivals">Arrivals in the ten seconds after the fault began.</param>
/// <param name="FirstTenSecondsFailures">Failures in those ten seconds.</param>
/// <param name="LaterFailures">Failures after those ten seconds, before recovery.</param>
/// <param name="Probe">While the database was down: the probe's answers, how many were not 503, the slowest.</param>
public sealed record OutageFigures(
    string Fault,
    double BeganAt,
    double EndedAt,
    double? RecoveredAt,
    long Arrivals,
    IReadOnlyDictionary<string, long> Failures,
    long FirstTenSecondsArrivals,
    long FirstTenSecondsFailures,
    long LaterFailures,
    ProbeFigures? Probe)
{
    public long Failed => Failures.Values.Sum();

    /// <summary>Seconds from the end of the fault to recovery.</summary>
    public double? RecoverySeconds => RecoveredAt is { } at ? Math.Max(0, at - EndedAt) : null;

    public static IReadOnlyList<OutageFigures> Of(IReadOnlyList<FaultDone> faults, IReadOnlyList<SecondCounts> seconds, IReadOnlyList<ProbeAnswer> probes)
    {
        var outages = new List<OutageFigures>();
        for (var i = 0; i < faults.Count; i++)
        {
            var fault = faults[i];
            if (!new Fault(TimeSpan.Zero, fault.Action).Begins)
            {
                continue;
            }

            // A database outage lasts until the database is started again; a killed silo, until it is declared dead.
            var ended = fault.Action == "db-stop"
                ? faults.Skip(i + 1).FirstOrDefault(f => f.Action == "db-start")?.EndedAt ?? fault.EndedAt
                : fault.EndedAt;
            var recovered = RecoveredAfter(seconds, ended);
            var began = (int)Math.Floor(fault.BeganAt);
            var until = recovered is { } r ? (int)r : seconds.Count;
            var window = seconds.Where(s => s.Index >= began && s.Index < until).ToArray();
            var firstTen = seconds.Where(s => s.Index >= began && s.Index < began + 10).ToArray();
            var failures = window.SelectMany(s => s.Failures).GroupBy(p => p.Key).ToDictionary(g => g.Key, g => g.Sum(p => p.Value));
            ProbeFigures? probe = null;
            if (fault.Action == "db-stop")
            {
                var down = probes.Where(p => p.At >= fault.EndedAt && p.At < (faults.Skip(i + 1).FirstOrDefault(f => f.Action == "db-start")?.BeganAt ?? double.MaxValue)).ToArray();
                var back = probes.FirstOrDefault(p => p.At >= ended && p.Status == 200);
                probe = new ProbeFigures(down.Length, down.Count(p => p.Status != 503), down.Length == 0 ? 0 : down.Max(p => p.Milliseconds),
                    down.Length == 0 ? 0 : Percentile(down.Select(p => p.Milliseconds), 0.99), back is null ? null : back.At - ended);
            }

            outages.Add(new OutageFigures(fault.Action, fault.BeganAt, ended, recovered, window.Sum(s => s.Arrivals), failures,
                firstTen.Sum(s => s.Arrivals), firstTen.Sum(s => s.Failed), window.Where(s => s.Index >= began + 10).Sum(s => s.Failed), probe));
        }

        return outages;
    }

    private static double? RecoveredAfter(IReadOnlyList<SecondCounts> seconds, double ended)
    {
        for (var s = (int)Math.Floor(ended); s + 2 < seconds.Count; s++)
        {
            if (seconds[s].Failed == 0 && seconds[s + 1].Failed == 0 && seconds[s + 2].Failed == 0)
            {
                return s;
            }
        }

        return null;
    }

    private static double Percentile(IEnumerable<double> values, double share)
    {
        var sorted = values.Order().ToArray();
        return sorted[Math.Clamp((int)Math.Ceiling(share * sorted.Length) - 1, 0, sorted.Length - 1)];
    }
}

/// <summary>
/// The storage probe while the database was down: answers, how many were not 503, the slowest and
/// the 99th percentile; and how long after the database was started again the probe got its first 200.
/// </summary>
public sealed record ProbeFigures(int Answers, int Not503, double SlowestMs, double P99Ms, double? FirstOkAfterReturnSeconds);
