using System.Globalization;
using Hawiya.LoadTests.Scenarios;
using Hawiya.LoadTests.Seeding;

namespace Hawiya.LoadTests.Cli;

/// <summary>The <c>run</c> command's settings.</summary>
public sealed record RunOptions
{
    public const string Usage = "usage: Hawiya.LoadTests run --scenario NAME --rate N [options]";

    public const string Summary =
        "Offers the platform a fixed rate of new arrivals (open model) for a duration and checks every answer.\n" +
        "Writes summary.md, data.json, throughput.png and latency.png to the report folder.\n" +
        "Exit code 0: passed; 1: failed (any wrong answer, dropped arrival, error above --max-error-rate, or p99 above --p99-ms); 2: usage error.";

    public static readonly OptionSpec[] Specs =
    [
        .. PopulationOptions.Specs,
        new("scenario", "what to run (see 'list'); unavailable ones fail with the reason", null, "NAME"),
        new("rate", "arrivals per second after the ramp", null, "N"),
        new("ramp", "time to climb linearly from 0 to --rate (default 5s, or a quarter of a shorter --duration)", null, "DURATION"),
        new("duration", "how long arrivals are issued, ramp included", "20s", "DURATION"),
        new("mix", "weights for --scenario mixed", MixedScenario.DefaultMix, "NAME=W,..."),
        new("seed", "seed the providers and citizens before running", "false", IsFlag: true),
        new("par", "start logins with a pushed authorization request (false: a plain GET /connect/authorize)", "true", "true|false"),
        new("scopes", "scopes the logins ask for", "openid,profile,email,phone", "LIST"),
        new("refresh-chains", "logins prepared for the refresh scenario", "100", "N"),
        new("reuse-probe", "share of refreshes followed by a replay of the rotated-out token", "0.01", "0..1"),
        new("push-devices", "citizens given an enrolled phone before a push-login run (at most --citizens)", "200", "N"),
        new("vote-via", "poll-vote: 'api' (voters logged in once before the run, each arrival one POST /unicity/participations) or 'login' (each arrival a password login with unicity_context)", "api", "api|login"),
        new("voters", "citizens logged in before a poll-vote run via the API, whose access tokens cast the votes (default 1000, at most --citizens)", null, "N"),
        new("repeat-share", "share of poll-vote arrivals (via the API) that deliberately vote again with a voter who already voted", "0.2", "0..1"),
        new("polls", "polls registered for a poll-vote run via the API; each voter votes first in each in turn, so the run offers voters × polls first votes", "1", "N"),
        new("cards", "card certificates issued and registered for revocation-check", "1000", "N"),
        new("revoked-share", "share of those cards revoked before the run (revocation-check)", "0.1", "0..1"),
        new("ocsp-nonce", "share of OCSP requests carrying a nonce, each needing a fresh signature (revocation-check)", "0.1", "0..1"),
        new("ocsp-get", "share of OCSP requests sent with GET instead of POST (revocation-check)", "0.5", "0..1"),
        new("pki-dir", "development PKI hierarchy the silos serve (revocation-check issues cards from its card CA)", "$TMPDIR/hawiya-pki-development", "DIR"),
        // No default shown: never print a passphrase.
        new("pki-passphrase", "passphrase of that hierarchy's keys (default: the development passphrase)", null, "TEXT"),
        new("max-in-flight", "arrivals in flight before new ones are dropped (dropping fails the run)", "2000", "N"),
        new("timeout", "limit of one HTTP request", "30s", "DURATION"),
        new("max-error-rate", "share of failed arrivals tolerated before the run fails (wrong answers never are)", "0", "0..1"),
        new("p99-ms", "fail when a scenario's p99 exceeds this many milliseconds", null, "MS"),
        new("report-dir", "where the report goes", "load-tests/reports/<timestamp>-<scenario>", "DIR"),
        new("seed-batch", "citizens per seeding request (with --seed)", "2000", "N"),
    ];

    private const int DefaultVoters = 1000;
    private const int MaxPolls = 100;

    private static readonly TimeSpan DefaultRamp = TimeSpan.FromSeconds(5);

    public required IReadOnlyList<Uri> Targets { get; init; }

    public required string Scenario { get; init; }

    public required string Mix { get; init; }

    public required double Rate { get; init; }

    public required TimeSpan Ramp { get; init; }

    public required TimeSpan Duration { get; init; }

    public required Population Population { get; init; }

    public required LoginSettings Login { get; init; }

    public required string OperatorToken { get; init; }

    public RevocationSettings Revocation { get; init; } = new();

    public PollSettings Poll { get; init; } = new();

    public required bool Seed { get; init; }

    public required int SeedBatch { get; init; }

    public required int MaxInFlight { get; init; }

    public required TimeSpan RequestTimeout { get; init; }

    public required double MaxErrorRate { get; init; }

    public double? P99LimitMs { get; init; }

    public required string ReportDirectory { get; init; }

    public static RunOptions From(ParsedOptions options, DateTimeOffset now)
    {
        var scenario = options.String("scenario");
        try
        {
            ScenarioCatalog.RequireAvailable(scenario);
        }
        catch (ArgumentException e)
        {
            throw new UsageException(e.Message);
        }

        var duration = options.Duration("duration", TimeSpan.FromSeconds(1), TimeSpan.FromHours(24));
        var ramp = options.Has("ramp")
            ? options.Duration("ramp", TimeSpan.Zero, TimeSpan.FromHours(24))
            : TimeSpan.FromTicks(Math.Min(DefaultRamp.Ticks, duration.Ticks / 4));
        if (ramp > duration)
        {
            throw new UsageException("--ramp cannot be longer than --duration.");
        }

        var mix = options.String("mix");
        if (scenario == "mixed")
        {
            ValidateMix(mix);
        }

        return new RunOptions
        {
            Targets = options.Urls("target"),
            Scenario = scenario,
            Mix = mix,
            Rate = options.Double("rate", 0.01, 100_000),
            Ramp = ramp,
            Duration = duration,
            Population = PopulationOptions.Population(options),
            Login = new LoginSettings
            {
                Password = options.String("password"),
                UsePar = options.Flag("par"),
                Scopes = Scopes(options.All("scopes")),
                RefreshChains = options.Int("refresh-chains", 1, 1_000_000),
                ReuseProbe = options.Double("reuse-probe", 0, 1),
                PushDevices = options.Int("push-devices", 1, 1_000_000),
            },
            OperatorToken = PopulationOptions.OperatorToken(options),
            Revocation = RevocationSettingsFrom(options),
            Poll = PollSettingsFrom(options, duration),
            Seed = options.Flag("seed"),
            SeedBatch = options.Int("seed-batch", 1, 20_000),
            MaxInFlight = options.Int("max-in-flight", 1, 1_000_000),
            RequestTimeout = options.Duration("timeout", TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(10)),
            MaxErrorRate = options.Double("max-error-rate", 0, 1),
            P99LimitMs = options.Has("p99-ms") ? options.Double("p99-ms", 0.001, 3_600_000) : null,
            ReportDirectory = options.Has("report-dir") ? options.String("report-dir") : DefaultReportDirectory(scenario, now),
        };
    }

    /// <summary>load-tests/reports/&lt;UTC timestamp&gt;-&lt;scenario&gt; under the repository root (found from the working folder), else the working folder.</summary>
    public static string DefaultReportDirectory(string scenario, DateTimeOffset now)
    {
        var root = new DirectoryInfo(Environment.CurrentDirectory);
        for (var dir = root; dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Cluster.sln")))
            {
                root = dir;
                break;
            }
        }

        var stamp = now.UtcDateTime.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
        return Path.Combine(root.FullName, "load-tests", "reports", $"{stamp}-{scenario}");
    }

    private static RevocationSettings RevocationSettingsFrom(ParsedOptions options)
    {
        var defaults = new RevocationSettings();
        return new RevocationSettings
        {
            Cards = options.Int("cards", 1, 1_000_000),
            RevokedShare = options.Double("revoked-share", 0, 1),
            NonceShare = options.Double("ocsp-nonce", 0, 1),
            GetShare = options.Double("ocsp-get", 0, 1),
            PkiDirectory = options.Has("pki-dir") ? options.String("pki-dir") : defaults.PkiDirectory,
            PkiPassphrase = options.Has("pki-passphrase") ? options.String("pki-passphrase") : defaults.PkiPassphrase,
        };
    }

    private static PollSettings PollSettingsFrom(ParsedOptions options, TimeSpan duration)
    {
        var via = options.String("vote-via") switch
        {
            "api" => VoteVia.Api,
            "login" => VoteVia.Login,
            var other => throw new UsageException($"--vote-via takes api or login, not '{other}'."),
        };
        var citizens = PopulationOptions.Population(options).Citizens;
        // The default shrinks to a small population; only an explicit --voters above it is a mistake.
        var voters = options.Has("voters") ? options.Int("voters", 1, Population.MaxCitizens) : Math.Min(DefaultVoters, citizens);
        if (via == VoteVia.Api && voters > citizens)
        {
            throw new UsageException($"--voters ({voters}) cannot exceed --citizens ({citizens}): each voter is a seeded citizen.");
        }

        return new PollSettings
        {
            Via = via,
            Voters = voters,
            RepeatShare = options.Double("repeat-share", 0, 1),
            Polls = options.Int("polls", 1, MaxPolls),
            RunLength = duration,
        };
    }

    private static IReadOnlyList<string> Scopes(IReadOnlyList<string> scopes)
    {
        // OIDC Core §3.1.2.1: without openid this is not an OpenID Connect request.
        if (!scopes.Contains("openid"))
        {
            throw new UsageException("--scopes must include openid.");
        }

        return scopes.Where(s => s != "offline_access").Distinct(StringComparer.Ordinal).ToArray();
    }

    private static void ValidateMix(string mix)
    {
        try
        {
            foreach (var (name, weight) in MixedScenario.ParseMix(mix))
            {
                if (name == "mixed")
                {
                    throw new UsageException("A mix cannot contain 'mixed' itself.");
                }

                if (weight > 0)
                {
                    ScenarioCatalog.RequireAvailable(name);
                }
            }
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            throw new UsageException(e.Message);
        }
    }
}
