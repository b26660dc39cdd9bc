using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Hawiya.LoadTests.Reports;

/// <summary>
/// One Markdown row per run report (data.json): what was offered, what came back, and the work
/// per operation, so that a series of runs reads as one table (load-tests/bench.sh).
/// </summary>
public static class BenchTable
{
    public static string Render(IEnumerable<string> reportDirectories)
    {
        var md = new StringBuilder()
            .AppendLine("| scenario | offered | ok/s (steady) | p50 ms | p99 ms | failed | verdict | CPU ms/op: silos | generator | PostgreSQL | machine | grain calls | writes | load avg |")
            .AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |");
        foreach (var directory in reportDirectories)
        {
            var path = Path.Combine(directory, "data.json");
            if (!File.Exists(path))
            {
                md.AppendLine(CultureInfo.InvariantCulture, $"| {Path.GetFileName(directory)} | no data.json | | | | | | | | | | | | |");
                continue;
            }

            var report = JsonSerializer.Deserialize<RunReport>(File.ReadAllText(path), ReportWriter.Json)!;
            var all = report.Totals.All.Latency;
            var w = report.Work;
            md.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {report.Settings.Scenario} | {report.Settings.Rate}/s × {report.Settings.DurationSeconds} s | {report.Throughput.SteadySucceededPerSecond:0} | {all.P50Ms:0.0} | {all.P99Ms:0.0} | {report.Totals.Failed + report.Totals.Dropped} | {(report.Verdict.Passed ? "pass" : "fail")} | {Ms(w?.SiloCpuMs)} | {Ms(w?.GeneratorCpuMs)} | {Ms(w?.DatabaseCpuMs)} | {Ms(w?.MachineCpuMs)} | {Count(w?.GrainCalls)} | {Count(w?.StorageWrites)} | {report.Machine.LoadAverage} |"));
        }

        return md.ToString();
    }

    private static string Ms(double? value) => value?.ToString("0.000", CultureInfo.InvariantCulture) ?? "n/a";

    private static string Count(double? value) => value?.ToString("0.00", CultureInfo.InvariantCulture) ?? "n/a";
}
