using Hawiya.LoadTests.Metrics;
using Hawiya.LoadTests.Reports;
using Hawiya.LoadTests.Running;

namespace Hawiya.LoadTests.Tests.Reports;

/// <summary>A small run built through the real collector, for the report and verdict tests.</summary>
internal static class ReportFixtures
{
    public static RunTotals Totals(bool withWrongAnswer = false, int seconds = 6)
    {
        var metrics = new MetricsCollector();
        for (var second = 1; second <= seconds; second++)
        {
            for (var i = 0; i < 10; i++)
            {
                metrics.ArrivalStarted();
                metrics.RecordStep("peak-login", "authorize", TimeSpan.FromMilliseconds(5 + i));
                metrics.RecordStep("peak-login", "token", TimeSpan.FromMilliseconds(8 + i));
                metrics.RecordSuccess("peak-login", TimeSpan.FromMilliseconds(40 + i));
            }

            metrics.Sample(second, inFlight: 2);
        }

        if (withWrongAnswer)
        {
            metrics.ArrivalStarted();
            metrics.RecordFailure("peak-login", "token", "wrong answer: id_token aud is not this client", wrongAnswer: true);
            metrics.Sample(seconds + 1, 0);
        }

        return metrics.Summarize();
    }

    public static RunReport Report(RunTotals totals, Verdict verdict) => new(
        "Hawiya.LoadTests",
        new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero),
        new MachineInfo("test", 2, 4, "Linux", "X64", ".NET 10", "0.10 0.20 0.30"),
        new ReportedSettings("peak-login", null, ["http://127.0.0.1:5080/"], 10, 2, 6, 2000, 4, "LT", true, ["openid", "profile"], 100, 0.01, 2000, 30, 0, null),
        new ServerInfo("http://127.0.0.1:5080/", 1),
        Throughput.Of(totals, 2, 6, 6.5),
        0.25,
        0,
        verdict,
        totals);
}
