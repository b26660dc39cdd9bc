using System.Globalization;
using System.Text;
using Hawiya.LoadTests.Metrics;

namespace Hawiya.LoadTests.Reports;

/// <summary>summary.md: the verdict first, then the machine, the settings, the figures and the errors.</summary>
public static class MarkdownReport
{
    public static string Render(RunReport report)
    {
        var s = report.Settings;
        var md = new StringBuilder();
        md.AppendLine(Invariant($"# Load test: {s.Scenario} — {(report.Verdict.Passed ? "PASS" : "FAIL")}"))
            .AppendLine()
            .AppendLine(Invariant($"Started {report.StartedAt:yyyy-MM-dd HH:mm:ss} UTC against {string.Join(", ", s.Targets)} (issuer {report.Server.Issuer}, {(report.Server.ActiveSilos is { } n ? n.ToString(CultureInfo.InvariantCulture) : "unknown")} active silo(s))."))
            .AppendLine();
        if (!report.Verdict.Passed)
        {
            md.AppendLine("## Why it failed").AppendLine();
            foreach (var reason in report.Verdict.Reasons)
            {
                md.AppendLine("- " + reason);
            }

            md.AppendLine();
        }

        var m = report.Machine;
        md.AppendLine("## Machine (load generator)").AppendLine()
            .AppendLine("| host | cores | memory | OS | .NET | load average at start |")
            .AppendLine("| --- | --- | --- | --- | --- | --- |")
            .AppendLine(Invariant($"| {m.Host} | {m.Cores} | {m.MemoryGiB} GiB | {m.Os} ({m.Architecture}) | {m.Runtime} | {m.LoadAverage ?? "n/a"} |"))
            .AppendLine()
            .AppendLine("## Settings").AppendLine()
            .AppendLine("| setting | value |").AppendLine("| --- | --- |")
            .AppendLine(Invariant($"| scenario | {s.Scenario}{(s.Mix is null ? string.Empty : $" ({s.Mix})")} |"))
            .AppendLine(Invariant($"| arrivals | {s.Rate}/s after a {s.RampSeconds} s ramp, {s.DurationSeconds} s in all |"))
            .AppendLine(Invariant($"| population | {s.Citizens} citizens, {s.Providers} providers, prefix {s.Prefix} |"))
            .AppendLine(Invariant($"| logins | {(s.Par ? "PAR" : "plain GET")}, scopes {string.Join(' ', s.Scopes)} |"))
            .AppendLine(Invariant($"| refresh | {s.RefreshChains} chains, reuse probe {s.ReuseProbe:0.###} |"))
            .AppendLine(Invariant($"| limits | {s.MaxInFlight} in flight, {s.TimeoutSeconds} s per request, error rate ≤ {s.MaxErrorRate:0.###}{(s.P99LimitMs is { } p ? $", p99 ≤ {p} ms" : string.Empty)} |"))
            .AppendLine();

        var t = report.Throughput;
        var totals = report.Totals;
        md.AppendLine("## Results").AppendLine()
            .AppendLine(Invariant($"{totals.Arrivals} arrivals ({t.OfferedPerSecond:0.0}/s offered), {totals.Succeeded} succeeded, {totals.Failed} failed ({totals.WrongAnswers} wrong answers), {totals.Dropped} dropped, {report.Unfinished} unfinished. "))
            .AppendLine(Invariant($"Throughput {t.SucceededPerSecond:0.0}/s over {t.ElapsedSeconds:0.0} s; {t.SteadySucceededPerSecond:0.0}/s at steady rate (after the ramp). "))
            .AppendLine(Invariant($"The load generator itself used {report.GeneratorCores:0.00} core(s) meanwhile."))
            .AppendLine()
            .AppendLine("Latency from each arrival's due instant to its end, in milliseconds (successes only).").AppendLine()
            .AppendLine("| scenario | ok | failed | wrong | p50 | p90 | p99 | p99.9 | max |")
            .AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        var rows = totals.Scenarios.Count > 1 ? [.. totals.Scenarios, totals.All] : totals.Scenarios;
        foreach (var row in rows)
        {
            md.AppendLine(Invariant($"| {row.Scenario} | {row.Succeeded} | {row.Failed} | {row.WrongAnswers} | {Latencies(row.Latency)} |"));
        }

        if (report.Work is { } w)
        {
            md.AppendLine().AppendLine("## Work per operation").AppendLine()
                .AppendLine(Invariant($"Over the measured part, divided by the {w.Operations} operations that succeeded; silo figures summed over {w.Silos} silo(s) (`GET /operator/work`)."))
                .AppendLine()
                .AppendLine("| CPU: silos | generator | PostgreSQL (local) | whole machine | HTTP requests | grain calls | storage reads | storage writes | allocated | GC pause | GCs gen0/1/2 |")
                .AppendLine("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
                .AppendLine(Invariant($"| {w.SiloCpuMs:0.000} ms | {w.GeneratorCpuMs:0.000} ms | {Ms(w.DatabaseCpuMs)} | {Ms(w.MachineCpuMs)} | {w.HttpRequests:0.00} | {w.GrainCalls:0.00} | {w.StorageReads:0.00} | {w.StorageWrites:0.00} | {w.AllocatedKiB:0.0} KiB | {w.GcPauseMs:0.000} ms | {w.Gen0Collections}/{w.Gen1Collections}/{w.Gen2Collections} |"));
        }

        md.AppendLine().AppendLine("## Steps").AppendLine()
            .AppendLine("Where the milliseconds go: each step of each scenario, timed alone (successful steps).").AppendLine()
            .AppendLine("| scenario | step | count | failed | p50 | p90 | p99 | p99.9 | max |")
            .AppendLine("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var step in totals.Steps)
        {
            md.AppendLine(Invariant($"| {step.Scenario} | {step.Step} | {step.Succeeded} | {step.Failed} | {Latencies(step.Latency)} |"));
        }

        md.AppendLine().AppendLine("## Errors").AppendLine();
        if (totals.Errors.Count == 0 && totals.Dropped == 0)
        {
            md.AppendLine("None.");
        }
        else
        {
            md.AppendLine("| scenario | step | kind | wrong answer | count |").AppendLine("| --- | --- | --- | --- | ---: |");
            foreach (var e in totals.Errors)
            {
                md.AppendLine(Invariant($"| {e.Scenario} | {e.Step} | {Cell(e.Kind)} | {(e.WrongAnswer ? "yes" : "no")} | {e.Count} |"));
            }

            foreach (var (reason, count) in totals.DroppedBy)
            {
                md.AppendLine(Invariant($"| - | - | dropped: {Cell(reason)} | no | {count} |"));
            }
        }

        return md.AppendLine().AppendLine("## Charts").AppendLine()
            .AppendLine("![throughput](throughput.png)").AppendLine()
            .AppendLine("![latency](latency.png)").ToString();
    }

    private static string Latencies(LatencySummary l) =>
        Invariant($"{l.P50Ms:0.0} | {l.P90Ms:0.0} | {l.P99Ms:0.0} | {l.P999Ms:0.0} | {l.MaxMs:0.0}");

    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static string Ms(double? value) => value is { } v ? v.ToString("0.000", CultureInfo.InvariantCulture) + " ms" : "n/a";
}
