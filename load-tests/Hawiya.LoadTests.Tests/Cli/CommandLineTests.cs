using Hawiya.LoadTests.Cli;
using Hawiya.LoadTests.Scenarios;

namespace Hawiya.LoadTests.Tests.Cli;

public sealed class CommandLineTests
{
    private static readonly DateTimeOffset Now = new(2026, 5, 4, 3, 2, 1, TimeSpan.Zero);

    [Fact]
    public void From_TypicalRun_ReadsEverySetting()
    {
        var options = Run("--scenario", "peak-login", "--rate", "25", "--ramp", "3s", "--duration", "1m",
            "--target", "http://127.0.0.1:5080", "--target=http://127.0.0.1:5081,http://127.0.0.1:5082", "--par", "false", "--p99-ms", "800", "--report-dir", "/tmp/r");

        Assert.Equal(("peak-login", 25.0, TimeSpan.FromSeconds(3), TimeSpan.FromMinutes(1)), (options.Scenario, options.Rate, options.Ramp, options.Duration));
        Assert.Equal(["http://127.0.0.1:5080/", "http://127.0.0.1:5081/", "http://127.0.0.1:5082/"], options.Targets.Select(t => t.ToString()));
        Assert.False(options.Login.UsePar);
        Assert.Equal((800.0, "/tmp/r"), (options.P99LimitMs, options.ReportDirectory));
    }

    [Fact]
    public void From_ShortDurationWithoutRamp_RampsOverAQuarterOfIt()
    {
        Assert.Equal(TimeSpan.FromSeconds(0.5), Run("--scenario", "peak-login", "--rate", "1", "--duration", "2s").Ramp);
    }

    [Fact]
    public void From_Defaults_AreOneLocalSiloAndATimestampedReportFolder()
    {
        var options = Run("--scenario", "refresh", "--rate", "5");

        Assert.Equal("http://127.0.0.1:5080/", options.Targets.Single().ToString());
        Assert.Equal((2000, 4), (options.Population.Citizens, options.Population.Providers));
        Assert.Null(options.P99LimitMs);
        Assert.Equal((TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(20)), (options.Ramp, options.Duration));
        Assert.EndsWith(Path.Combine("load-tests", "reports", "20260504-030201-refresh"), options.ReportDirectory, StringComparison.Ordinal);
    }

    [Fact]
    public void From_RevocationCheck_ReadsItsOptions()
    {
        var options = Run("--scenario", "revocation-check", "--rate", "1000", "--cards", "500", "--revoked-share", "0.2", "--ocsp-nonce", "0", "--ocsp-get", "1", "--pki-dir", "/tmp/pki");

        Assert.Equal((500, 0.2, 0.0, 1.0, "/tmp/pki"), (options.Revocation.Cards, options.Revocation.RevokedShare, options.Revocation.NonceShare, options.Revocation.GetShare, options.Revocation.PkiDirectory));
        Assert.Equal("DEV-ONLY-pki-passphrase", options.Revocation.PkiPassphrase);
    }

    [Fact]
    public void From_PushLogin_ReadsHowManyPhonesToEnroll()
    {
        var options = Run("--scenario", "push-login", "--rate", "2", "--push-devices", "50");

        Assert.Equal(("push-login", 50), (options.Scenario, options.Login.PushDevices));
        Assert.Equal(200, Run("--scenario", "push-login", "--rate", "2").Login.PushDevices);
        Assert.Throws<UsageException>(() => Run("--scenario", "push-login", "--rate", "2", "--push-devices", "0"));
    }

    [Fact]
    public void From_MixWithPushLogin_IsAccepted()
    {
        Assert.Equal("peak-login=1,push-login=1", Run("--scenario", "mixed", "--rate", "1", "--mix", "peak-login=1,push-login=1").Mix);
    }

    [Fact]
    public void From_PollVoteDefaults_VoteViaTheApi()
    {
        var poll = Run("--scenario", "poll-vote", "--rate", "100", "--duration", "90s").Poll;

        Assert.Equal(new PollSettings { Via = VoteVia.Api, Voters = 1000, RepeatShare = 0.2, Polls = 1, RunLength = TimeSpan.FromSeconds(90) }, poll);
    }

    [Fact]
    public void From_PollVoteOptions_AreRead()
    {
        var poll = Run("--scenario", "poll-vote", "--rate", "1", "--vote-via", "login", "--voters", "50", "--repeat-share", "0.5", "--polls", "8").Poll;

        Assert.Equal((VoteVia.Login, 50, 0.5, 8), (poll.Via, poll.Voters, poll.RepeatShare, poll.Polls));
    }

    [Fact]
    public void From_SmallPopulationWithoutVoters_VotersShrinkToIt()
    {
        Assert.Equal(100, Run("--scenario", "peak-login", "--rate", "1", "--citizens", "100").Poll.Voters);
    }

    [Fact]
    public void From_MoreVotersThanCitizensByLogin_IsAccepted()
    {
        Assert.Equal(5000, Run("--scenario", "poll-vote", "--rate", "1", "--vote-via", "login", "--voters", "5000").Poll.Voters);
    }

    [Fact]
    public void RequireAvailable_EveryListedScenario_IsAvailable()
    {
        Assert.All(ScenarioCatalog.All, s => Assert.Same(s, ScenarioCatalog.RequireAvailable(s.Name)));
        Assert.Contains("push-login", Commands.ScenarioList(), StringComparison.Ordinal);
        Assert.False(new ScenarioInfo("later", "a scenario the server cannot serve yet", "no endpoint").Available);
    }

    [Theory]
    [InlineData("--scenario", "peak-logn", "--rate", "1")]
    [InlineData("--scenario", "peak-login")]
    [InlineData("--scenario", "peak-login", "--rate", "-3")]
    [InlineData("--scenario", "peak-login", "--rate", "1", "--ramp", "30s", "--duration", "20s")]
    [InlineData("--scenario", "peak-login", "--rate", "1", "--duration", "soon")]
    [InlineData("--scenario", "peak-login", "--rate", "1", "--scopes", "profile")]
    [InlineData("--scenario", "peak-login", "--rate", "1", "--rate", "2")]
    [InlineData("--scenario", "peak-login", "--rate", "1", "--bogus", "2")]
    [InlineData("--scenario", "mixed", "--rate", "1", "--mix", "peak-login")]
    [InlineData("--scenario", "poll-vote", "--rate", "1", "--vote-via", "soap")]
    [InlineData("--scenario", "poll-vote", "--rate", "1", "--citizens", "100", "--voters", "101")]
    [InlineData("--scenario", "poll-vote", "--rate", "1", "--repeat-share", "1.5")]
    [InlineData("--scenario", "poll-vote", "--rate", "1", "--voters", "0")]
    public void From_Mistake_IsAUsageError(params string[] args)
    {
        Assert.Throws<UsageException>(() => Run(args));
    }

    [Theory]
    [InlineData("90", 90)]
    [InlineData("90s", 90)]
    [InlineData("1500ms", 1.5)]
    [InlineData("2m", 120)]
    [InlineData("1h", 3600)]
    public void Duration_Units_AreRead(string text, double seconds)
    {
        var parsed = ParsedOptions.Parse(["--duration", text], RunOptions.Specs);

        Assert.Equal(TimeSpan.FromSeconds(seconds), parsed.Duration("duration", TimeSpan.Zero, TimeSpan.FromDays(1)));
    }

    [Fact]
    public void Parse_Help_IsRequestedWithoutOtherChecks()
    {
        Assert.True(ParsedOptions.Parse(["--help"], RunOptions.Specs).HelpRequested);
        Assert.Contains("--max-in-flight N", ParsedOptions.Help(RunOptions.Usage, RunOptions.Summary, RunOptions.Specs), StringComparison.Ordinal);
    }

    [Fact]
    public void Help_NeverShowsATokenFromTheEnvironment()
    {
        Assert.DoesNotContain("operator-token TOKEN".PadRight(28) + "operator API token (default DEV", ParsedOptions.Help(SeedOptions.Usage, SeedOptions.Summary, SeedOptions.Specs), StringComparison.Ordinal);
        Assert.Null(SeedOptions.Specs.Single(s => s.Name == "operator-token").Default);
    }

    private static RunOptions Run(params string[] args) => RunOptions.From(ParsedOptions.Parse(args, RunOptions.Specs), Now);
}
