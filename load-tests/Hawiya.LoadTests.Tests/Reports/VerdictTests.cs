using Hawiya.LoadTests.Running;

namespace Hawiya.LoadTests.Tests.Reports;

public sealed class VerdictTests
{
    private static readonly Thresholds Strict = new(MaxErrorRate: 0, P99LimitMs: null);

    [Fact]
    public void Evaluate_CleanRun_Passes()
    {
        var verdict = Verdict.Evaluate(ReportFixtures.Totals(), Strict, unfinished: 0, interrupted: false);

        Assert.True(verdict.Passed);
        Assert.Empty(verdict.Reasons);
    }

    [Fact]
    public void Evaluate_OneWrongAnswer_FailsWhateverTheErrorAllowance()
    {
        var verdict = Verdict.Evaluate(ReportFixtures.Totals(withWrongAnswer: true), new Thresholds(MaxErrorRate: 1, P99LimitMs: null), 0, false);

        Assert.False(verdict.Passed);
        Assert.Contains(verdict.Reasons, r => r.Contains("1 wrong answer", StringComparison.Ordinal));
    }

    [Fact]
    public void Evaluate_ErrorsWithinAllowance_Pass()
    {
        var metrics = new Hawiya.LoadTests.Metrics.MetricsCollector();
        for (var i = 0; i < 99; i++)
        {
            metrics.ArrivalStarted();
            metrics.RecordSuccess("refresh", TimeSpan.FromMilliseconds(5));
        }

        metrics.ArrivalStarted();
        metrics.RecordFailure("refresh", "refresh", "timeout", wrongAnswer: false);
        metrics.Sample(1, 0);
        var totals = metrics.Summarize();

        Assert.True(Verdict.Evaluate(totals, new Thresholds(0.01, null), 0, false).Passed);
        Assert.False(Verdict.Evaluate(totals, new Thresholds(0.005, null), 0, false).Passed);
    }

    [Fact]
    public void Evaluate_DroppedArrival_Fails()
    {
        var metrics = new Hawiya.LoadTests.Metrics.MetricsCollector();
        metrics.ArrivalStarted();
        metrics.RecordSuccess("peak-login", TimeSpan.FromMilliseconds(5));
        metrics.ArrivalStarted();
        metrics.RecordDropped("in-flight cap (--max-in-flight) reached");
        metrics.Sample(1, 0);

        var verdict = Verdict.Evaluate(metrics.Summarize(), Strict, 0, false);

        Assert.False(verdict.Passed);
        Assert.Contains(verdict.Reasons, r => r.Contains("dropped", StringComparison.Ordinal));
    }

    [Fact]
    public void Evaluate_P99AboveLimit_Fails()
    {
        var verdict = Verdict.Evaluate(ReportFixtures.Totals(), new Thresholds(0, P99LimitMs: 20), 0, false);

        Assert.False(verdict.Passed);
        Assert.Contains(verdict.Reasons, r => r.StartsWith("peak-login p99", StringComparison.Ordinal));
    }

    [Fact]
    public void Evaluate_UnfinishedOrInterrupted_Fails()
    {
        Assert.False(Verdict.Evaluate(ReportFixtures.Totals(), Strict, unfinished: 3, interrupted: false).Passed);
        Assert.False(Verdict.Evaluate(ReportFixtures.Totals(), Strict, unfinished: 0, interrupted: true).Passed);
    }
}
