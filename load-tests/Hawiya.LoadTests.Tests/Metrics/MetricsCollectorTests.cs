using Hawiya.LoadTests.Metrics;

namespace Hawiya.LoadTests.Tests.Metrics;

public sealed class MetricsCollectorTests
{
    [Fact]
    public void Sample_EachSecond_CountsOnlyWhatHappenedInIt()
    {
        var metrics = new MetricsCollector();
        Record(metrics, "peak-login", successes: 10, failures: 2);
        var first = metrics.Sample(1, inFlight: 7);
        Record(metrics, "peak-login", successes: 5, failures: 0);
        var second = metrics.Sample(2, inFlight: 3);

        Assert.Equal((12L, 10L, 2L, 7L), (first.Arrivals, first.Succeeded, first.Failed, first.InFlight));
        Assert.Equal((5L, 5L, 0L, 3L), (second.Arrivals, second.Succeeded, second.Failed, second.InFlight));
        Assert.Equal(5, second.Scenarios["peak-login"].Count);
    }

    [Fact]
    public void Summarize_Totals_AreTheSumOfTheSeconds()
    {
        var metrics = new MetricsCollector();
        for (var second = 1; second <= 5; second++)
        {
            Record(metrics, "password-login", successes: second * 3, failures: second % 2);
            metrics.Sample(second, 0);
        }

        var totals = metrics.Summarize();

        Assert.Equal(totals.Seconds.Sum(s => s.Succeeded), totals.Succeeded);
        Assert.Equal(totals.Seconds.Sum(s => s.Failed), totals.Failed);
        Assert.Equal(totals.Seconds.Sum(s => s.Arrivals), totals.Arrivals);
        Assert.Equal(45, totals.Scenarios.Single().Latency.Count);
        Assert.Equal(45, totals.All.Latency.Count);
    }

    [Fact]
    public void Summarize_Latencies_ArePercentilesOfWhatWasRecorded()
    {
        var metrics = new MetricsCollector();
        for (var ms = 1; ms <= 1000; ms++)
        {
            metrics.ArrivalStarted();
            metrics.RecordSuccess("client-credentials", TimeSpan.FromMilliseconds(ms));
        }

        metrics.Sample(1, 0);
        var latency = metrics.Summarize().Scenarios.Single().Latency;

        // HdrHistogram with three significant digits: within 0.1 % of the exact value.
        Assert.Equal(500, latency.P50Ms, 500 * 0.001);
        Assert.Equal(900, latency.P90Ms, 900 * 0.001);
        Assert.Equal(990, latency.P99Ms, 990 * 0.001);
        Assert.Equal(999, latency.P999Ms, 999 * 0.001);
        Assert.Equal(1000, latency.MaxMs, 1000 * 0.001);
        Assert.Equal(500.5, latency.MeanMs, 500.5 * 0.001);
    }

    [Fact]
    public void RecordFailure_SameScenarioStepAndKind_AreCountedTogether()
    {
        var metrics = new MetricsCollector();
        metrics.RecordFailure("peak-login", "token", "http 400 invalid_grant", wrongAnswer: false);
        metrics.RecordFailure("peak-login", "token", "http 400 invalid_grant", wrongAnswer: false);
        metrics.RecordFailure("peak-login", "token", "wrong answer: id_token nonce differs from the request's", wrongAnswer: true);
        metrics.Sample(1, 0);

        var totals = metrics.Summarize();

        Assert.Equal(3, totals.Failed);
        Assert.Equal(1, totals.WrongAnswers);
        // Wrong answers come first: they decide the verdict.
        Assert.Equal(
            [new ErrorCount("peak-login", "token", "wrong answer: id_token nonce differs from the request's", true, 1), new ErrorCount("peak-login", "token", "http 400 invalid_grant", false, 2)],
            totals.Errors);
        Assert.Equal(3, totals.Steps.Single(s => s.Step == "token").Failed);
    }

    [Fact]
    public void Summarize_Steps_KeepTheOrderOfTheFlow()
    {
        var metrics = new MetricsCollector();
        foreach (var step in new[] { "par", "authorize", "identify", "token", "par", "userinfo" })
        {
            metrics.RecordStep("peak-login", step, TimeSpan.FromMilliseconds(3));
        }

        metrics.Sample(1, 0);

        Assert.Equal(["par", "authorize", "identify", "token", "userinfo"], metrics.Summarize().Steps.Select(s => s.Step));
        Assert.Equal(2, metrics.Summarize().Steps[0].Latency.Count);
    }

    [Fact]
    public void RecordDropped_IsCountedByReasonAndNotAsFailure()
    {
        var metrics = new MetricsCollector();
        metrics.ArrivalStarted();
        metrics.RecordDropped("no idle citizen");
        metrics.ArrivalStarted();
        metrics.RecordDropped("no idle citizen");
        var sample = metrics.Sample(1, 0);
        var totals = metrics.Summarize();

        Assert.Equal(2, sample.Dropped);
        Assert.Equal(2, totals.Dropped);
        Assert.Equal(0, totals.Failed);
        Assert.Equal(2, totals.DroppedBy["no idle citizen"]);
    }

    [Fact]
    public void Summarize_NothingRecorded_GivesEmptyLatencies()
    {
        var metrics = new MetricsCollector();
        metrics.Sample(1, 0);

        Assert.Equal(LatencySummary.Empty, metrics.Summarize().All.Latency);
    }

    private static void Record(MetricsCollector metrics, string scenario, int successes, int failures)
    {
        for (var i = 0; i < successes; i++)
        {
            metrics.ArrivalStarted();
            metrics.RecordSuccess(scenario, TimeSpan.FromMilliseconds(10 + i));
        }

        for (var i = 0; i < failures; i++)
        {
            metrics.ArrivalStarted();
            metrics.RecordFailure(scenario, "token", "timeout", wrongAnswer: false);
        }
    }
}
