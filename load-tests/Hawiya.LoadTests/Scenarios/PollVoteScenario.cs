using System.Collections.Concurrent;
using System.Text.Json;
using Hawiya.LoadTests.Checks;
using Hawiya.LoadTests.Http;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Hawiya.LoadTests.Scenarios;

/// <summary>
/// Citizens voting in an anonymous poll. Each run registers a new poll (through the first
/// provider's client-credentials token), so every citizen starts fresh. Via the login
/// (<see cref="VoteVia.Login"/>) each vote is a password login carrying <c>unicity_context</c>,
/// whose ID token must say <c>first</c> for a citizen's first vote in this run's poll and
/// <c>repeat</c> for every later one, always with the same pseudonym; citizens are drawn at random,
/// so repeat attempts grow as the run goes on. Via the API (<see cref="VoteVia.Api"/>, the other
/// partial file) the voters log in once before the run and each vote is one participation call.
/// Any wrong answer fails the run.
/// </summary>
public sealed partial class PollVoteScenario(ScenarioServices services, Action<string> log) : IScenario
{
    private readonly LoginFlow _flow = new(services);
    private readonly ConcurrentDictionary<int, string?> _voted = new();
    private readonly string[] _contexts = Contexts(services.Poll.Via == VoteVia.Api ? services.Poll.Polls : 1);

    public string Name => "poll-vote";

    public async Task PrepareAsync(CancellationToken cancellationToken)
    {
        var provider = services.Population.Provider(0);
        var browser = services.NewBrowser();
        var token = TokenResponse.Read(await browser.PostFormAsync(
            "/connect/token",
            new Dictionary<string, string> { ["grant_type"] = "client_credentials" },
            cancellationToken,
            BrowserSession.ClientSecretBasic(provider.ClientId, provider.Secret)));
        foreach (var context in _contexts)
        {
            await RegisterAsync(context, token.AccessToken, cancellationToken);
        }

        log(_contexts.Length == 1
            ? $"poll-vote: poll {_contexts[0]} registered for {provider.ClientId}"
            : $"poll-vote: {_contexts.Length} polls {_contexts[0]}… registered for {provider.ClientId}");
        if (services.Poll.Via == VoteVia.Api)
        {
            await PrepareVotersAsync(cancellationToken);
        }
    }

    private async Task RegisterAsync(string context, string accessToken, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(services.NextTarget(), "/unicity/contexts"))
        {
            Content = System.Net.Http.Json.JsonContent.Create(new { context, label = "Load test poll" }),
        };
        request.Headers.Authorization = BrowserSession.Bearer(accessToken);
        using var response = await services.Http.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"The poll could not be registered: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancellationToken)}");
        }
    }

    /// <summary>New poll identifiers for one run: <c>load-{run}</c>, then <c>load-{run}-2</c>….</summary>
    public static string[] Contexts(int count)
    {
        var run = "load-" + Guid.NewGuid().ToString("N")[..12];
        return [.. Enumerable.Range(0, count).Select(i => i == 0 ? run : $"{run}-{i + 1}")];
    }

    public Task ExecuteAsync(Operation operation, CancellationToken cancellationToken) =>
        services.Poll.Via == VoteVia.Api ? VoteByApiAsync(operation, cancellationToken) : VoteByLoginAsync(operation, cancellationToken);

    private async Task VoteByLoginAsync(Operation operation, CancellationToken cancellationToken)
    {
        var citizen = services.Citizens.Lease();
        try
        {
            var outcome = await _flow.RunAsync(
                operation, services.NewBrowser(), services.Population.Citizen(citizen), services.Population.Provider(0),
                LoginMethod.Password, ["openid"], cancellationToken, new Dictionary<string, string> { ["unicity_context"] = _contexts[0] });
            var answer = Read(outcome.Tokens.IdToken);
            var known = _voted.TryGetValue(citizen, out var earlier);
            Check(answer, _contexts[0], known, earlier);
            _voted[citizen] = answer.Pseudonym;
        }
        catch
        {
            // A login that failed after its participation was recorded leaves the next answer
            // open: it may rightly be first or repeat.
            _voted.TryAdd(citizen, null);
            throw;
        }
        finally
        {
            services.Citizens.Return(citizen);
        }
    }

    /// <summary>The <c>unicity</c> claim of an ID token (whose signature the login flow verified).</summary>
    public static UnicityAnswer Read(string? idToken)
    {
        if (idToken is null || !new JsonWebToken(idToken).TryGetPayloadValue<JsonElement>("unicity", out var claim) || claim.ValueKind != JsonValueKind.Object)
        {
            throw LoadFailure.Wrong("the ID token has no unicity claim");
        }

        return new UnicityAnswer(
            claim.TryGetProperty("context", out var context) ? context.GetString() : null,
            claim.TryGetProperty("status", out var status) ? status.GetString() : null,
            claim.TryGetProperty("pseudonym", out var pseudonym) ? pseudonym.GetString() ?? string.Empty : string.Empty);
    }

    /// <summary>
    /// A citizen who never voted in this run's poll must get <c>first</c>; one who did, <c>repeat</c>
    /// with the pseudonym of their first vote. After a failed login of the citizen
    /// (<paramref name="voted"/> with no pseudonym) either answer is right.
    /// </summary>
    public static void Check(UnicityAnswer answer, string context, bool voted, string? earlierPseudonym)
    {
        ArgumentNullException.ThrowIfNull(answer);
        if (answer.Context != context)
        {
            throw LoadFailure.Wrong("the unicity claim names another context");
        }

        if (string.IsNullOrEmpty(answer.Pseudonym))
        {
            throw LoadFailure.Wrong("the unicity claim has no pseudonym");
        }

        if (answer.Status is not ("first" or "repeat"))
        {
            throw LoadFailure.Wrong($"unicity status {answer.Status ?? "(none)"} is neither first nor repeat");
        }

        if (voted && earlierPseudonym is null)
        {
            return;
        }

        var expected = voted ? "repeat" : "first";
        if (answer.Status != expected)
        {
            throw LoadFailure.Wrong($"unicity status {answer.Status} where {expected} was due");
        }

        if (earlierPseudonym is not null && earlierPseudonym != answer.Pseudonym)
        {
            throw LoadFailure.Wrong("the pseudonym changed between two votes of one citizen in one poll");
        }
    }
}

public sealed record UnicityAnswer(string? Context, string? Status, string Pseudonym);
