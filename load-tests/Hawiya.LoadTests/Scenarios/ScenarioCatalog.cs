namespace Hawiya.LoadTests.Scenarios;

/// <summary>A scenario as <c>--help</c> and <c>list</c> show it; <see cref="NotAvailableBecause"/> is set while the server lacks what it needs.</summary>
public sealed record ScenarioInfo(string Name, string Description, string? NotAvailableBecause = null)
{
    public bool Available => NotAvailableBecause is null;
}

/// <summary>The scenario was named but cannot run against today's server.</summary>
public sealed class ScenarioNotAvailableException(string message) : Exception(message);

/// <summary>
/// Every scenario the issue asks for. Those that need server features not built yet are listed
/// with the reason; selecting one fails clearly instead of pretending. Adding one is a class
/// implementing <see cref="IScenario"/> and a case in <see cref="Create"/>.
/// </summary>
public static class ScenarioCatalog
{
    public static readonly IReadOnlyList<ScenarioInfo> All =
    [
        new("peak-login", "full authorization code flow by SMS code: PAR, authorize, identify, send code, read it from the development outbox, code, consent, token, userinfo"),
        new("password-login", "the same flow with the password method"),
        new("client-credentials", "a provider's back end getting its own access token (client_secret_basic)"),
        new("refresh", "redeeming and rotating refresh tokens of prepared logins; replayed rotated tokens must be refused and revoke their family"),
        new("mixed", $"a weighted blend like a deadline day (--mix, default {MixedScenario.DefaultMix})"),
        new("push-login", "login approved on the citizen's phone by number matching: phones enrolled before the run (--push-devices) read the push from the development outbox and sign the approval; eidas2, amr swk user"),
        new("poll-vote", "citizens voting in an anonymous poll, by the provider's participation call with voters logged in before the run (--vote-via api, --voters, --repeat-share, --polls) or by a login with unicity_context (--vote-via login): a citizen's first vote must come back first, every later one repeat with the same pseudonym"),
        new("enumeration", "identify then ask for an SMS code, alternately as a seeded citizen and as an unknown national number: known:* and unknown:* steps must take the same time"),
        new("revocation-check", "relying parties checking card certificates over OCSP (POST or GET, some with a nonce); every answer's signature, delegation, nonce and status checked"),
    ];

    public static ScenarioInfo Find(string name) =>
        All.FirstOrDefault(s => s.Name == name)
        ?? throw new ArgumentException($"Unknown scenario '{name}'. Scenarios: {string.Join(", ", All.Select(s => s.Name))}.");

    /// <summary>Fails with the reason when the scenario exists but cannot run yet.</summary>
    public static ScenarioInfo RequireAvailable(string name)
    {
        var info = Find(name);
        return info.Available
            ? info
            : throw new ScenarioNotAvailableException($"Scenario '{name}' is not available yet: {info.NotAvailableBecause}.");
    }

    public static IScenario Create(string name, ScenarioServices services, string mix, Action<string> log)
    {
        RequireAvailable(name);
        return name switch
        {
            "peak-login" => new LoginScenario(name, LoginMethod.Sms, services),
            "password-login" => new LoginScenario(name, LoginMethod.Password, services),
            "client-credentials" => new ClientCredentialsScenario(services),
            "refresh" => new RefreshScenario(services, log),
            "revocation-check" => new RevocationScenario(services, log),
            "enumeration" => new EnumerationScenario(services),
            "poll-vote" => new PollVoteScenario(services, log),
            "push-login" => new PushLoginScenario(services, log),
            "mixed" => new MixedScenario([.. MixedScenario.ParseMix(mix).Where(p => p.Weight > 0).Select(p => (CreateBlendPart(p.Name, services, log), p.Weight))]),
            _ => throw new InvalidOperationException($"Scenario '{name}' is listed as available but has no implementation."),
        };
    }

    private static IScenario CreateBlendPart(string name, ScenarioServices services, Action<string> log) => name == "mixed"
        ? throw new ArgumentException("A mix cannot contain 'mixed' itself.")
        : Create(name, services, string.Empty, log);
}
