using System.Globalization;
using Hawiya.LoadTests.Metrics;

namespace Hawiya.LoadTests.Running;

/// <summary>What a run must satisfy besides running: allowed error share and, optionally, a p99 limit.</summary>
public sealed record Thresholds(double MaxErrorRate, double? P99LimitMs);

/// <summary>Pass or fail, and every reason for failing.</summary>
public sealed record Verdict(bool Passed, IReadOnlyList<string> Reasons)
{
    /// <summary>
    /// A wrong answer fails the run whatever its speed; so does a dropped arrival (the offered
    /// load was not what was asked), work still unfinished after the drain, an interruption,
    /// an error share above the threshold, or a p99 above the limit.
    /// </summary>
    public static Verdict Evaluate(RunTotals totals, Thresholds thresholds, long unfinished, bool interrupted)
    {
        var reasons = new List<string>();
        if (interrupted)
        {
            reasons.Add("the run was interrupted before its end");
        }

        if (totals.WrongAnswers > 0)
        {
            reasons.Add($"{totals.WrongAnswers} wrong answer(s): a run with any wrong answer fails");
        }

        if (totals.Dropped > 0)
        {
            reasons.Add($"{totals.Dropped} arrival(s) dropped because the client was saturated ({string.Join(", ", totals.DroppedBy.Select(d => $"{d.Key}: {d.Value}"))})");
        }

        if (unfinished > 0)
        {
            reasons.Add($"{unfinished} arrival(s) still unfinished after the drain");
        }

        var served = totals.Succeeded + totals.Failed;
        var errorRate = served > 0 ? (double)totals.Failed / served : 0;
        if (totals.Failed > 0 && errorRate > thresholds.MaxErrorRate)
        {
            reasons.Add($"error rate {Percent(errorRate)} above the allowed {Percent(thresholds.MaxErrorRate)} ({totals.Failed} of {served})");
        }

        if (totals.Succeeded == 0)
        {
            reasons.Add("no arrival succeeded");
        }

        if (thresholds.P99LimitMs is { } limit)
        {
            foreach (var scenario in totals.Scenarios.Where(s => s.Latency.P99Ms > limit))
            {
                reasons.Add($"{scenario.Scenario} p99 {scenario.Latency.P99Ms.ToString("0.0", CultureInfo.InvariantCulture)} ms above the limit of {limit.ToString("0.0", CultureInfo.InvariantCulture)} ms");
            }
        }

        return new Verdict(reasons.Count == 0, reasons);
    }

    private static string Percent(double share) => (share * 100).ToString("0.###", CultureInfo.InvariantCulture) + "%";
}
