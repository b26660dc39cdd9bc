using Hawiya.LoadTests.Reports;
using Hawiya.LoadTests.Running;

namespace Hawiya.LoadTests.Tests.Reports;

public sealed class ReportTests
{
    [Fact]
    public void ThroughputOf_SteadyRate_LeavesOutTheRamp()
    {
        var totals = ReportFixtures.Totals(seconds: 6);

        var throughput = Throughput.Of(totals, rampSeconds: 2, durationSeconds: 6, elapsedSeconds: 6);

        Assert.Equal(10, throughput.SteadySucceededPerSecond);
        Assert.Equal(10, throughput.OfferedPerSecond);
        Assert.Equal(10, throughput.SucceededPerSecond);
    }

    [Fact]
    public void Render_FailedRun_PutsTheReasonsAndEveryStepInTheSummary()
    {
        var totals = ReportFixtures.Totals(withWrongAnswer: true);
        var verdict = Verdict.Evaluate(totals, new Thresholds(0, null), 0, false);

        var markdown = MarkdownReport.Render(ReportFixtures.Report(totals, verdict));

        Assert.StartsWith("# Load test: peak-login — FAIL", markdown, StringComparison.Ordinal);
        Assert.Contains("1 wrong answer(s)", markdown, StringComparison.Ordinal);
        Assert.Contains("| peak-login | authorize | 60 | 0 |", markdown, StringComparison.Ordinal);
        Assert.Contains("| peak-login | token | 60 | 1 |", markdown, StringComparison.Ordinal);
        Assert.Contains("| peak-login | token | wrong answer: id_token aud is not this client | yes | 1 |", markdown, StringComparison.Ordinal);
        Assert.Contains("| 2 | 4 GiB | Linux (X64) | .NET 10 |", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_Run_ProducesTheFourFiles()
    {
        var directory = Path.Combine(Path.GetTempPath(), "hawiya-report-" + Guid.NewGuid().ToString("N"));
        try
        {
            var totals = ReportFixtures.Totals();
            var files = ReportWriter.Write(ReportFixtures.Report(totals, Verdict.Evaluate(totals, new Thresholds(0, null), 0, false)), directory);

            Assert.Equal(["summary.md", "data.json", "throughput.png", "latency.png"], files.Select(Path.GetFileName));
            foreach (var png in files.Where(f => f.EndsWith(".png", StringComparison.Ordinal)))
            {
                Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, File.ReadAllBytes(png)[..4]);
            }

            using var json = System.Text.Json.JsonDocument.Parse(File.ReadAllText(files[1]));
            Assert.Equal(60, json.RootElement.GetProperty("totals").GetProperty("succeeded").GetInt64());
            Assert.Equal(6, json.RootElement.GetProperty("totals").GetProperty("seconds").GetArrayLength());
        }
        finally
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }
}
