using System.Globalization;
using Hawiya.LoadTests.Metrics;
using Hawiya.LoadTests.Reports;

namespace Hawiya.LoadTests.Running;

/// <summary>The end of a run on the console: verdict, per-scenario and per-step latency, errors.</summary>
public static class ConsoleSummary
{
    public static void Print(RunReport report, ProgressPrinter output)
    {
        var totals = report.Totals;
        var t = report.Throughput;
        output.Info(string.Empty);
        output.Info(Invariant($"{report.Settings.Scenario}: {totals.Arrivals} arrivals, {totals.Succeeded} ok, {totals.Failed} failed, {totals.WrongAnswers} wrong, {totals.Dropped} dropped; {t.SteadySucceededPerSecond:0.0}/s at steady rate"));
        foreach (var s in totals.Scenarios)
        {
            output.Info(Invariant($"  {s.Scenario,-24} {Figures(s.Latency)}"));
        }

        foreach (var step in totals.Steps)
        {
            output.Info(Invariant($"  {step.Scenario + " / " + step.Step,-40} {Figures(step.Latency)}"));
        }

        if (report.Work is { } w)
        {
            output.Info(Invariant($"  work per operation: CPU silos {w.SiloCpuMs:0.000} ms, generator {w.GeneratorCpuMs:0.000} ms, PostgreSQL {w.DatabaseCpuMs?.ToString("0.000", CultureInfo.InvariantCulture) ?? "n/a"} ms, machine {w.MachineCpuMs?.ToString("0.000", CultureInfo.InvariantCulture) ?? "n/a"} ms; HTTP {w.HttpRequests:0.00}, grain calls {w.GrainCalls:0.00}, storage reads {w.StorageReads:0.00}, writes {w.StorageWrites:0.00}, allocated {w.AllocatedKiB:0.0} KiB"));
        }

        foreach (var e in totals.Errors.Take(10))
        {
            output.Info(Invariant($"  error x{e.Count}: {e.Scenario} / {e.Step}: {e.Kind}"));
        }

        output.Info(report.Verdict.Passed ? "PASS" : "FAIL: " + string.Join("; ", report.Verdict.Reasons));
    }

    private static string Figures(LatencySummary l) =>
        Invariant($"n={l.Count,-7} p50 {l.P50Ms,8:0.0}  p90 {l.P90Ms,8:0.0}  p99 {l.P99Ms,8:0.0}  p99.9 {l.P999Ms,8:0.0}  max {l.MaxMs,8:0.0} ms");

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
