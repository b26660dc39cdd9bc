using System.Collections.Concurrent;
using Hawiya.LoadTests.Checks;
using Hawiya.LoadTests.Http;
using Hawiya.LoadTests.Metrics;
using Hawiya.LoadTests.Seeding;

namespace Hawiya.LoadTests.Scenarios;

/// <summary>
/// Relying parties refreshing their tokens (RFC 6749 §6). Before the run, password logins with
/// offline_access build a set of refresh chains; each arrival takes an idle chain, redeems its
/// newest refresh token and keeps the rotated one. A few arrivals (<see cref="LoginSettings.ReuseProbe"/>)
/// then replay the token just rotated out: it must be refused with invalid_grant, and its whole
/// family revoked, so the newest token must be refused too (RFC 9700 §4.14.2); accepting
/// either is a wrong answer. The chain then logs in again. A refresh shed by traffic control
/// (429 or 503) keeps its token; any other failure logs the chain in again on its next use.
/// </summary>
public sealed class RefreshScenario(ScenarioServices services, Action<string> log) : IScenario
{
    private const string ReloginScenario = "refresh (re-login)";
    private readonly ConcurrentQueue<RefreshChain> _idle = new();
    private readonly LoginFlow _flow = new(services);
    private readonly string[] _scopes = [.. services.Settings.Scopes.Append("offline_access").Distinct(StringComparer.Ordinal)];

    public string Name => "refresh";

    public async Task PrepareAsync(CancellationToken cancellationToken)
    {
        var count = services.Settings.RefreshChains;
        var started = services.Time.GetTimestamp();
        log($"preparing {count} refresh chains (one password login each, not measured)");
        // A private collector: preparation is not part of what the run measures.
        var unmeasured = new MetricsCollector();
        var options = new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(Enumerable.Range(0, count), options, async (i, ct) =>
        {
            var chain = new RefreshChain(services.Population.Citizen(i % services.Population.Citizens), services.Population.Provider(i % services.Population.Providers));
            try
            {
                await LogInAsync(new Operation(i, services.Time.GetTimestamp(), "prepare", unmeasured, services.Time), chain, ct);
            }
            catch (StepFailure e)
            {
                throw new InvalidOperationException($"preparing refresh chain {i} failed at {e.Step}: {e.InnerException?.Message}", e);
            }

            _idle.Enqueue(chain);
        });
        log($"{count} refresh chains ready in {services.Time.GetElapsedTime(started).TotalSeconds:0.0} s");
    }

    public async Task ExecuteAsync(Operation operation, CancellationToken cancellationToken)
    {
        if (!_idle.TryDequeue(out var chain))
        {
            throw new ClientSaturatedException("no idle refresh chain (raise --refresh-chains)");
        }

        try
        {
            if (chain.RefreshToken is null)
            {
                // An earlier failure left this chain without a token it can trust: log in again first.
                await operation.StepAsync("re-login", () => LogInAsync(operation.Side(ReloginScenario), chain, cancellationToken));
            }

            var browser = services.NewBrowser();
            var rotatedOut = chain.RefreshToken!;
            var tokens = await operation.StepAsync("refresh", () => RefreshAsync(browser, chain, rotatedOut, cancellationToken));
            chain.RefreshToken = tokens.RefreshToken;
            operation.Complete();
            if (Random.Shared.NextDouble() < services.Settings.ReuseProbe)
            {
                await operation.StepAsync("reuse-probe", () => ExpectRefusedAsync(browser, chain, rotatedOut, "a rotated-out refresh token was accepted again", cancellationToken));
                await operation.StepAsync("family-revoked", () => ExpectRefusedAsync(browser, chain, chain.RefreshToken!, "replaying a rotated refresh token did not revoke its family", cancellationToken));
                chain.RefreshToken = null;
                await operation.StepAsync("re-login", () => LogInAsync(operation.Side(ReloginScenario), chain, cancellationToken));
            }
        }
        catch (StepFailure e) when (e.Step == "refresh" && e.InnerException is LoadFailure { Shed: true })
        {
            // Shed before the token endpoint: the token was not redeemed and stays the chain's
            // newest, as a client retrying after Retry-After would use it (no password login).
            throw;
        }
        catch
        {
            // Whether the server rotated the token before failing is unknown; replaying it could
            // revoke the family. Log in again on the chain's next use instead.
            chain.RefreshToken = null;
            throw;
        }
        finally
        {
            _idle.Enqueue(chain);
        }
    }

    private async Task<bool> LogInAsync(Operation operation, RefreshChain chain, CancellationToken ct)
    {
        var outcome = await _flow.RunAsync(operation, services.NewBrowser(), chain.Citizen, chain.Provider, LoginMethod.Password, _scopes, ct);
        chain.Subject = outcome.Subject;
        chain.RefreshToken = outcome.Tokens.RefreshToken;
        return true;
    }

    private async Task<TokenResponse> RefreshAsync(BrowserSession browser, RefreshChain chain, string refreshToken, CancellationToken ct)
    {
        var tokens = TokenResponse.Read(await PostRefreshAsync(browser, chain, refreshToken, ct));
        if (string.IsNullOrEmpty(tokens.RefreshToken) || tokens.RefreshToken == refreshToken)
        {
            throw LoadFailure.Wrong("the refresh token was not rotated");
        }

        var access = await services.Tokens.ValidateAsync(tokens.AccessToken, audience: null, "access_token", ct);
        if (access.Subject != chain.Subject)
        {
            throw LoadFailure.Wrong("refreshed access_token sub is not the chain's citizen");
        }

        if (tokens.IdToken is not null)
        {
            var idToken = await services.Tokens.ValidateAsync(tokens.IdToken, chain.Provider.ClientId, "refreshed id_token", ct);
            // OIDC Core §12.2: same iss, sub, aud and auth_time as the original; no nonce required.
            services.Tokens.CheckIdToken(idToken, new IdTokenExpectation
            {
                ClientId = chain.Provider.ClientId,
                Subject = chain.Subject,
                Acr = "eidas1",
                Amr = ["pwd"],
                Claims = chain.Citizen.ClaimsFor(_scopes),
            });
        }

        return tokens;
    }

    private static async Task<bool> ExpectRefusedAsync(BrowserSession browser, RefreshChain chain, string refreshToken, string wrong, CancellationToken ct)
    {
        var reply = await PostRefreshAsync(browser, chain, refreshToken, ct);
        if (reply.Code == 200)
        {
            throw LoadFailure.Wrong(wrong);
        }

        // RFC 6749 §5.2: an invalid, expired or revoked refresh token is invalid_grant.
        return reply.Code == 400 && reply.OAuthError() == "invalid_grant" ? true : throw LoadFailure.Refused(reply);
    }

    private static Task<HttpReply> PostRefreshAsync(BrowserSession browser, RefreshChain chain, string refreshToken, CancellationToken ct) =>
        browser.PostFormAsync("/connect/token", new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token",
            ["refresh_token"] = refreshToken,
        }, ct, BrowserSession.ClientSecretBasic(chain.Provider.ClientId, chain.Provider.Secret));

    /// <summary>One relying party's session for one citizen; used by one arrival at a time, so it always holds the newest token.</summary>
    private sealed class RefreshChain(CitizenProfile citizen, ProviderProfile provider)
    {
        public CitizenProfile Citizen => citizen;

        public ProviderProfile Provider => provider;

        public string Subject { get; set; } = string.Empty;

        public string? RefreshToken { get; set; }
    }
}
