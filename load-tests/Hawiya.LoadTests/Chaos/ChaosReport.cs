using System.Globalization;
using System.Text;
using System.Text.Json;
using Hawiya.LoadTests.Metrics;
using ScottPlot;

namespace Hawiya.LoadTests.Chaos;

/// <summary>A chaos run's own part of the report: <c>chaos.md</c>, <c>chaos.json</c> and the timeline <c>chaos.png</c>.</summary>
public static class ChaosReport
{
    public static IReadOnlyList<string> Write(string directory, string scenario, IReadOnlyList<FaultDone> faults, ChaosTimeline timeline, IReadOnlyList<SecondSample> samples)
    {
        Directory.CreateDirectory(directory);
        var seconds = timeline.Seconds();
        var outages = OutageFigures.Of(faults, seconds, timeline.Probes());
        var errors500 = seconds.Sum(s => s.Failures.GetValueOrDefault("500"));
        var wrong = seconds.Sum(s => s.Failures.GetValueOrDefault("wrong answer"));

        var md = Path.Combine(directory, "chaos.md");
        File.WriteAllText(md, Markdown(scenario, faults, outages, errors500, wrong, seconds));
        var json = Path.Combine(directory, "chaos.json");
        File.WriteAllText(json, JsonSerializer.Serialize(new { faults, outages, http500 = errors500, wrongAnswers = wrong, seconds, probes = timeline.Probes() },
            new JsonSerializerOptions { WriteIndented = true }));
        var png = Path.Combine(directory, "chaos.png");
        Chart(scenario, faults, seconds, samples, png);
        return [md, json, png];
    }

    private static string Markdown(string scenario, IReadOnlyList<FaultDone> faults, IReadOnlyList<OutageFigures> outages, long errors500, long wrong, IReadOnlyList<SecondCounts> seconds)
    {
        var c = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        text.AppendLine(c, $"# Chaos run: {scenario}").AppendLine();
        text.AppendLine("| fault | began (s) | ended (s) | exit |").AppendLine("| --- | --- | --- | --- |");
        foreach (var f in faults)
        {
            text.AppendLine(c, $"| {f.Action} | {f.BeganAt:0.0} | {f.EndedAt:0.0} | {f.ExitCode} |");
        }

        text.AppendLine().AppendLine(c, $"Arrivals {seconds.Sum(s => s.Arrivals)}, succeeded {seconds.Sum(s => s.Ok)}, failed {seconds.Sum(s => s.Failed)}; HTTP 500: {errors500}; wrong answers (a lost acknowledged vote or a duplicate first vote is one): {wrong}.").AppendLine();
        text.AppendLine("| outage | arrivals until recovered | failures (by kind) | first 10 s: failures / arrivals | failures after 10 s | recovery (s after the fault ended) | probe while the database was down |")
            .AppendLine("| --- | --- | --- | --- | --- | --- | --- |");
        foreach (var o in outages)
        {
            var kinds = o.Failures.Count == 0 ? "0" : string.Join(", ", o.Failures.OrderByDescending(k => k.Value).Select(k => $"{k.Key}: {k.Value}"));
            var share = o.FirstTenSecondsArrivals == 0 ? "-" : $"{o.FirstTenSecondsFailures} / {o.FirstTenSecondsArrivals} ({100.0 * o.FirstTenSecondsFailures / o.FirstTenSecondsArrivals:0.0} %)";
            var probe = o.Probe is { } p
                ? $"{p.Answers} answers, {p.Not503} not 503, p99 {p.P99Ms:0.0} ms, slowest {p.SlowestMs:0.0} ms; first 200 {(p.FirstOkAfterReturnSeconds is { } b ? $"{b:0.00} s" : "never")} after the start"
                : "-";
            text.AppendLine(c, $"| {o.Fault} at {o.BeganAt:0.0} s | {o.Arrivals} | {kinds} | {share} | {o.LaterFailures} | {(o.RecoverySeconds is { } r ? r.ToString("0", c) : "not recovered")} | {probe} |");
        }

        return text.ToString();
    }

    private static void Chart(string scenario, IReadOnlyList<FaultDone> faults, IReadOnlyList<SecondCounts> seconds, IReadOnlyList<SecondSample> samples, string path)
    {
        var plot = new Plot();
        var x = seconds.Select(s => (double)s.Index).ToArray();
        Line(plot, x, seconds.Select(s => (double)s.Ok), "ok/s");
        foreach (var kind in ChaosTimeline.Kinds.Where(k => seconds.Any(s => s.Failures.ContainsKey(k))))
        {
            Line(plot, x, seconds.Select(s => (double)s.Failures.GetValueOrDefault(kind)), $"failed/s: {kind}");
        }

        // The load tool's second n covers (n - 1, n]: it is this timeline's second n - 1.
        var p99 = samples.Where(s => s.Scenarios.TryGetValue(MetricsCollector.AllScenarios, out var l) && l.Count > 0).ToArray();
        if (p99.Length > 0)
        {
            var line = plot.Add.ScatterLine(p99.Select(s => (double)s.Second - 1).ToArray(), p99.Select(s => s.Scenarios[MetricsCollector.AllScenarios].P99Ms).ToArray());
            line.LegendText = "p99 (ms, right axis)";
            line.LinePattern = LinePattern.Dotted;
            line.Axes.YAxis = plot.Axes.Right;
            plot.Axes.Right.Label.Text = "p99, milliseconds";
        }

        foreach (var fault in faults)
        {
            var mark = plot.Add.VerticalLine(fault.BeganAt);
            mark.Color = Colors.Red;
            mark.LinePattern = LinePattern.Dashed;
            mark.Text = fault.Action;
        }

        plot.Title($"{scenario}: chaos timeline");
        plot.XLabel("seconds since arrivals started");
        plot.YLabel("per second");
        plot.ShowLegend(Alignment.UpperLeft);
        plot.Axes.AutoScale();
        var limits = plot.Axes.GetLimits();
        plot.Axes.SetLimits(0, Math.Max(limits.Right, 1), 0, Math.Max(limits.Top, 1));
        plot.SavePng(path, 1400, 650);
    }

    private static void Line(Plot plot, double[] x, IEnumerable<double> y, string label)
    {
        var line = plot.Add.ScatterLine(x, y.ToArray());
        line.LegendText = label;
        line.LineWidth = 2;
    }
}
