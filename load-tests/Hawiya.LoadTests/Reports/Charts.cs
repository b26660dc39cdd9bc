using Hawiya.LoadTests.Metrics;
using ScottPlot;

namespace Hawiya.LoadTests.Reports;

/// <summary>The two PNG charts of a report, one point per second.</summary>
public static class Charts
{
    private const int Width = 1200;
    private const int Height = 600;

    /// <summary>Arrivals, successes, failures and drops per second; dashed lines mark the end of the ramp and of arrivals.</summary>
    public static void Throughput(RunReport report, string path)
    {
        var seconds = report.Totals.Seconds;
        var plot = new Plot();
        var x = seconds.Select(s => (double)s.Second).ToArray();
        Line(plot, x, seconds.Select(s => (double)s.Arrivals), "arrivals/s");
        Line(plot, x, seconds.Select(s => (double)s.Succeeded), "succeeded/s");
        if (seconds.Any(s => s.Failed > 0))
        {
            Line(plot, x, seconds.Select(s => (double)s.Failed), "failed/s");
        }

        if (seconds.Any(s => s.Dropped > 0))
        {
            Line(plot, x, seconds.Select(s => (double)s.Dropped), "dropped/s");
        }

        Marks(plot, report.Settings);
        Finish(plot, $"{report.Settings.Scenario}: throughput", "per second", path);
    }

    /// <summary>p50 and p99 of each second's successes, per scenario.</summary>
    public static void Latency(RunReport report, string path)
    {
        var seconds = report.Totals.Seconds;
        var plot = new Plot();
        var names = report.Totals.Scenarios.Select(s => s.Scenario).ToList();
        if (names.Count > 1)
        {
            names.Add(MetricsCollector.AllScenarios);
        }

        foreach (var name in names)
        {
            var points = seconds.Where(s => s.Scenarios.TryGetValue(name, out var l) && l.Count > 0).ToArray();
            if (points.Length == 0)
            {
                continue;
            }

            var x = points.Select(s => (double)s.Second).ToArray();
            Line(plot, x, points.Select(s => s.Scenarios[name].P50Ms), $"{name} p50");
            Line(plot, x, points.Select(s => s.Scenarios[name].P99Ms), $"{name} p99");
        }

        Marks(plot, report.Settings);
        Finish(plot, $"{report.Settings.Scenario}: latency per second", "milliseconds", path);
    }

    private static void Line(Plot plot, double[] x, IEnumerable<double> y, string label)
    {
        var line = plot.Add.ScatterLine(x, y.ToArray());
        line.LegendText = label;
        line.LineWidth = 2;
    }

    private static void Marks(Plot plot, ReportedSettings settings)
    {
        if (settings.RampSeconds > 0)
        {
            var ramp = plot.Add.VerticalLine(settings.RampSeconds);
            ramp.LinePattern = LinePattern.Dashed;
            ramp.Color = Colors.Gray;
        }

        var end = plot.Add.VerticalLine(settings.DurationSeconds);
        end.LinePattern = LinePattern.Dashed;
        end.Color = Colors.Gray;
    }

    private static void Finish(Plot plot, string title, string yLabel, string path)
    {
        plot.Title(title);
        plot.XLabel("seconds since arrivals started");
        plot.YLabel(yLabel);
        plot.ShowLegend(Alignment.UpperLeft);
        // Rates and latencies start at zero; an axis that starts elsewhere exaggerates changes.
        plot.Axes.AutoScale();
        var limits = plot.Axes.GetLimits();
        plot.Axes.SetLimits(0, Math.Max(limits.Right, 1), 0, Math.Max(limits.Top, 1));
        plot.SavePng(path, Width, Height);
    }
}
