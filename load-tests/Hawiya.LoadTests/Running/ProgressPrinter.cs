using System.Globalization;
using Hawiya.LoadTests.Metrics;
using Spectre.Console;

namespace Hawiya.LoadTests.Running;

/// <summary>
/// One line per second: arrivals and successes in that second, work in flight, latency so far,
/// failures. Coloured through Spectre.Console on a terminal; plain text when the output is
/// redirected (CI logs, files), where escape codes would only be noise.
/// </summary>
public sealed class ProgressPrinter(TextWriter plain, bool terminal)
{
    public static ProgressPrinter ForConsole() => new(Console.Out, !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Ansi);

    public void Info(string message)
    {
        if (terminal)
        {
            AnsiConsole.MarkupLine($"[grey]{Markup.Escape(message)}[/]");
        }
        else
        {
            plain.WriteLine(message);
        }
    }

    public void Second(SecondSample sample, LatencySummary soFar, string phase, RunTotalsSoFar totals)
    {
        var text = Line(sample, soFar, phase, totals);
        if (!terminal)
        {
            plain.WriteLine(text);
            return;
        }

        var colour = totals.WrongAnswers > 0 || totals.Dropped > 0 ? "red" : totals.Failed > 0 ? "yellow" : "green";
        AnsiConsole.MarkupLine($"[{colour}]{Markup.Escape(text)}[/]");
    }

    public static string Line(SecondSample sample, LatencySummary soFar, string phase, RunTotalsSoFar totals) => string.Create(CultureInfo.InvariantCulture,
        $"[{phase} {sample.Second,4}s] arrivals {sample.Arrivals,5}/s  ok {sample.Succeeded,5}/s  in-flight {sample.InFlight,5}  " +
        $"p50 {soFar.P50Ms,8:0.0} ms  p99 {soFar.P99Ms,8:0.0} ms  " +
        $"failed {totals.Failed}  wrong {totals.WrongAnswers}  dropped {totals.Dropped}");
}

/// <summary>Cumulative failure counts for the progress line.</summary>
public readonly record struct RunTotalsSoFar(long Failed, long WrongAnswers, long Dropped);
