using System.Collections.Concurrent;
using Hawiya.LoadTests.Checks;
using Hawiya.LoadTests.Http;
using Hawiya.LoadTests.Seeding;

namespace Hawiya.LoadTests.Scenarios;

/// <summary>Settings the login-based scenarios share.</summary>
public sealed record LoginSettings
{
    /// <summary>Pushed authorization requests (RFC 9126) save a redirect; the plain GET is the other path.</summary>
    public bool UsePar { get; init; } = true;

    /// <summary>The password every seeded citizen has (never logged).</summary>
    public required string Password { get; init; }

    public IReadOnlyList<string> Scopes { get; init; } = ["openid", "profile", "email", "phone"];

    /// <summary>Refresh chains kept by the refresh scenario, each obtained by one password login.</summary>
    public int RefreshChains { get; init; } = 100;

    /// <summary>Share of refreshes followed by a reuse probe of the token just rotated out (0 to 1).</summary>
    public double ReuseProbe { get; init; } = 0.01;

    /// <summary>Citizens given an enrolled phone before a push-login run (at most the population).</summary>
    public int PushDevices { get; init; } = 200;
}

/// <summary>Settings of the revocation-check scenario (OCSP).</summary>
public sealed record RevocationSettings
{
    /// <summary>The development hierarchy the silos serve (the card CA issues the load test's cards).</summary>
    public string PkiDirectory { get; init; } = Path.Combine(Path.GetTempPath(), "hawiya-pki-development");

    /// <summary>Passphrase of the hierarchy's keys (development default; never printed).</summary>
    public string PkiPassphrase { get; init; } = "DEV-ONLY-pki-passphrase";

    /// <summary>Card certificates issued and registered before the run.</summary>
    public int Cards { get; init; } = 1000;

    /// <summary>Share of them revoked (cause Lost) before the run (0 to 1).</summary>
    public double RevokedShare { get; init; } = 0.1;

    /// <summary>Share of requests carrying a nonce (0 to 1): each costs the responder a fresh signature.</summary>
    public double NonceShare { get; init; } = 0.1;

    /// <summary>Share of requests sent with GET (RFC 6960 Appendix A.1) rather than POST (0 to 1).</summary>
    public double GetShare { get; init; } = 0.5;
}

/// <summary>Everything the scenarios of one run share: HTTP, targets, population, checks.</summary>
public sealed class ScenarioServices(
    HttpClient http,
    IReadOnlyList<Uri> targets,
    Population population,
    TokenChecks tokens,
    LoginSettings settings,
    TimeProvider time)
{
    private long _nextTarget = -1;
    private long _nextProvider = -1;

    public HttpClient Http => http;

    public IReadOnlyList<Uri> Targets => targets;

    /// <summary>Bearer token of the operator API (never printed).</summary>
    public string OperatorToken { get; init; } = string.Empty;

    public RevocationSettings Revocation { get; init; } = new();

    public PollSettings Poll { get; init; } = new();

    public Population Population => population;

    public TokenChecks Tokens => tokens;

    public SubjectRegistry Subjects { get; } = new();

    public CitizenPool Citizens { get; } = new(population.Citizens);

    public LoginSettings Settings => settings;

    public TimeProvider Time => time;

    /// <summary>A fresh browser (own cookies) on the next target, round-robin: one login, one silo.</summary>
    public BrowserSession NewBrowser() =>
        new(http, targets[(int)((ulong)Interlocked.Increment(ref _nextTarget) % (ulong)targets.Count)]);

    /// <summary>The next target, round-robin.</summary>
    public Uri NextTarget() => targets[(int)((ulong)Interlocked.Increment(ref _nextTarget) % (ulong)targets.Count)];

    /// <summary>The next provider, round-robin.</summary>
    public ProviderProfile NextProvider() =>
        population.Provider((int)((ulong)Interlocked.Increment(ref _nextProvider) % (ulong)population.Providers));
}

/// <summary>
/// Citizens not in a login right now. A citizen is in one login at a time, like a person: two
/// concurrent SMS logins of one citizen would read each other's codes from the outbox.
/// </summary>
public sealed class CitizenPool
{
    private readonly ConcurrentQueue<int> _idle;

    public CitizenPool(int count, int? shuffleSeed = null)
    {
        var order = Enumerable.Range(0, count).ToArray();
        // Shuffled anew each run: logins do not walk grain keys in order, and each run meets
        // citizens who have not yet consented to a provider as well as some who have.
        (shuffleSeed is { } seed ? new Random(seed) : Random.Shared).Shuffle(order);
        _idle = new ConcurrentQueue<int>(order);
    }

    public int Idle => _idle.Count;

    public int Lease() => _idle.TryDequeue(out var citizen)
        ? citizen
        : throw new ClientSaturatedException("no idle citizen (seed more with --citizens)");

    public void Return(int citizen) => _idle.Enqueue(citizen);
}
