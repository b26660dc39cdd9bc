using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Hawiya.Contracts.Common;
using Hawiya.Contracts.Sessions;
using Hawiya.Server.Operators;
using Hawiya.Server.Tests.Oidc;
using Hawiya.Server.Unicity;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Hawiya.Server.Tests.Unicity;

/// <summary>Unicity through the OpenID Provider: the authorization parameter, the ID token claim, the provider API.</summary>
[Collection(OidcCollection.Name)]
public sealed class UnicityLoginTests(OidcServer server)
{
    [Fact]
    public async Task Login_WithUnicityContext_FirstThenRepeatWithTheSamePseudonym()
    {
        var (clientId, provider) = await NewPollSiteAsync();
        await provider.RegisterContextAsync("referendum-2026");
        var citizen = await server.NewCitizenAsync();

        var first = await LoginAsync(clientId, citizen.Number, "referendum-2026");
        var second = await LoginAsync(clientId, citizen.Number, "referendum-2026");

        Assert.Equal("referendum-2026", first.GetProperty("context").GetString());
        Assert.Equal("first", first.GetProperty("status").GetString());
        Assert.Equal("repeat", second.GetProperty("status").GetString());
        Assert.Equal(first.GetProperty("pseudonym").GetString(), second.GetProperty("pseudonym").GetString());
        Assert.Equal(1, (await provider.GetContextAsync("referendum-2026")).GetProperty("participants").GetInt64());
    }

    [Fact]
    public async Task Login_TwoContextsOrTwoCitizens_PseudonymsAreUnrelatedToEachOtherAndToTheSubject()
    {
        var (clientId, provider) = await NewPollSiteAsync();
        await provider.RegisterContextAsync("poll-a");
        await provider.RegisterContextAsync("poll-b");
        var citizen = await server.NewCitizenAsync();
        var other = await server.NewCitizenAsync();

        var (inA, subject) = await LoginWithSubjectAsync(clientId, citizen.Number, "poll-a");
        var (inB, _) = await LoginWithSubjectAsync(clientId, citizen.Number, "poll-b");
        var (otherInA, _) = await LoginWithSubjectAsync(clientId, other.Number, "poll-a");

        Assert.Equal("first", inB.GetProperty("status").GetString());
        Assert.Equal("first", otherInA.GetProperty("status").GetString());
        var pseudonyms = new[] { inA, inB, otherInA }.Select(u => u.GetProperty("pseudonym").GetString()).ToArray();
        Assert.Equal(3, pseudonyms.Distinct().Count());
        Assert.DoesNotContain(subject, pseudonyms);
        Assert.Equal(2, (await provider.GetContextAsync("poll-a")).GetProperty("participants").GetInt64());
    }

    [Fact]
    public async Task Authorize_UnknownContext_IsInvalidRequestBackToTheClient()
    {
        var (clientId, _) = await NewPollSiteAsync();
        var request = new AuthorizationRequest(clientId, "openid") { Extra = { [UnicityAtLogin.Parameter] = "never-registered" } };
        using var browser = new Browser(server.Issuer);

        var stop = await browser.OpenAsync(request.Url());

        Assert.Equal("invalid_request", stop.Query["error"]);
        Assert.Equal(request.State, stop.Query["state"]);
    }

    [Fact]
    public async Task Authorize_ProviderNotAccreditedForUnicity_IsInvalidRequest()
    {
        var request = new AuthorizationRequest(OidcServer.ClientId, "openid") { Extra = { [UnicityAtLogin.Parameter] = "referendum" } };
        using var browser = new Browser(server.Issuer);

        var stop = await browser.OpenAsync(request.Url());

        Assert.Equal("invalid_request", stop.Query["error"]);
        Assert.Contains("not accredited for unicity", stop.Query["error_description"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Authorize_ClosedContext_IsInvalidRequest()
    {
        var (clientId, provider) = await NewPollSiteAsync();
        await provider.RegisterContextAsync("closed-poll");
        Assert.Equal("closed", (await provider.CloseContextAsync("closed-poll")).GetProperty("status").GetString());
        var request = new AuthorizationRequest(clientId, "openid") { Extra = { [UnicityAtLogin.Parameter] = "closed-poll" } };
        using var browser = new Browser(server.Issuer);

        var stop = await browser.OpenAsync(request.Url());

        Assert.Equal("invalid_request", stop.Query["error"]);
        Assert.Contains("closed", stop.Query["error_description"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Participations_AtTheMomentOfVoting_FirstForThatRequestAndItsRetriesRepeatForAnyOther()
    {
        var (clientId, provider) = await NewPollSiteAsync();
        await provider.RegisterContextAsync("budget");
        var citizen = await server.NewCitizenAsync();
        var accessToken = await AccessTokenAsync(clientId, citizen.Number);

        var (status, vote) = await ParticipateAsync(accessToken, "budget", idempotencyKey: "ballot-1");
        var (_, retry) = await ParticipateAsync(accessToken, "budget", idempotencyKey: "ballot-1");
        var (_, again) = await ParticipateAsync(accessToken, "budget", idempotencyKey: "ballot-2");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("first", vote.GetProperty("status").GetString());
        Assert.Equal("first", retry.GetProperty("status").GetString());
        Assert.Equal("repeat", again.GetProperty("status").GetString());
        Assert.Equal(vote.GetProperty("pseudonym").GetString(), again.GetProperty("pseudonym").GetString());
        Assert.Equal(1, (await provider.GetContextAsync("budget")).GetProperty("participants").GetInt64());
    }

    [Fact]
    public async Task Participations_IdempotencyKeyReusedFromALaterLogin_IsRepeat()
    {
        // Issue 26, finding 11: the key names a request of one login, not a ballot anyone may replay.
        var (clientId, provider) = await NewPollSiteAsync();
        await provider.RegisterContextAsync("budget");
        var citizen = await server.NewCitizenAsync();
        var firstLogin = await AccessTokenAsync(clientId, citizen.Number);
        var laterLogin = await AccessTokenAsync(clientId, citizen.Number);

        var (_, vote) = await ParticipateAsync(firstLogin, "budget", idempotencyKey: "ballot-1");
        var (_, retry) = await ParticipateAsync(firstLogin, "budget", idempotencyKey: "ballot-1");
        var (status, replayed) = await ParticipateAsync(laterLogin, "budget", idempotencyKey: "ballot-1");

        Assert.Equal("first", vote.GetProperty("status").GetString());
        Assert.Equal("first", retry.GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("repeat", replayed.GetProperty("status").GetString());
        Assert.Equal(1, (await provider.GetContextAsync("budget")).GetProperty("participants").GetInt64());
    }

    [Fact]
    public async Task Participations_TokenValidatedBeforeItsLoginWasRevoked_IsInvalidToken()
    {
        var (clientId, provider) = await NewPollSiteAsync();
        await provider.RegisterContextAsync("budget");
        var citizen = await server.NewCitizenAsync();
        var accessToken = await AccessTokenAsync(clientId, citizen.Number);
        var (before, _) = await ParticipateAsync(accessToken, "budget", idempotencyKey: "ballot-1");

        // The token's signature is remembered as checked; the login behind it is checked anew.
        await server.Grains.GetGrain<IAuthSessionGrain>(new JsonWebToken(accessToken).GetClaim("sid").Value).RevokeAsync();
        var (after, body) = await ParticipateAsync(accessToken, "budget", idempotencyKey: "ballot-1");

        Assert.Equal(HttpStatusCode.OK, before);
        Assert.Equal(HttpStatusCode.Unauthorized, after);
        Assert.Equal("invalid_token", body.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Participations_WithoutToken_IsChallengedPerRfc6750()
    {
        using var http = new HttpClient { BaseAddress = server.Issuer };

        using var response = await http.PostAsJsonAsync(UnicityEndpoints.ParticipationsPath, new { context = "budget" });

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.StartsWith("Bearer", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Participations_WithTheProvidersOwnToken_IsInvalidToken()
    {
        var (_, provider) = await NewPollSiteAsync();
        await provider.RegisterContextAsync("budget");

        var (status, body) = await ParticipateAsync(provider.Token, "budget");

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal("invalid_token", body.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Participations_TamperedToken_IsInvalidToken()
    {
        var (clientId, _) = await NewPollSiteAsync();
        var citizen = await server.NewCitizenAsync();
        var accessToken = await AccessTokenAsync(clientId, citizen.Number);

        var (status, body) = await ParticipateAsync(accessToken[..^4] + "AAAA", "budget");

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal("invalid_token", body.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Participations_ClosedContextOrMissingContext_AreProblems()
    {
        var (clientId, provider) = await NewPollSiteAsync();
        await provider.RegisterContextAsync("budget");
        await provider.CloseContextAsync("budget");
        var citizen = await server.NewCitizenAsync();
        var accessToken = await AccessTokenAsync(clientId, citizen.Number);

        var (closedStatus, closed) = await ParticipateAsync(accessToken, "budget");
        var (unknownStatus, unknown) = await ParticipateAsync(accessToken, "no-such-poll");
        var (badStatus, bad) = await ParticipateAsync(accessToken, context: null);

        Assert.Equal(HttpStatusCode.Conflict, closedStatus);
        Assert.Equal("context_closed", closed.GetProperty("error").GetString());
        Assert.Equal(HttpStatusCode.NotFound, unknownStatus);
        Assert.Equal("unknown_context", unknown.GetProperty("error").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, badStatus);
        Assert.Equal("invalid_request", bad.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Contexts_RegisteredTwiceOrByAProviderNotAccredited_AreRefused()
    {
        var (_, provider) = await NewPollSiteAsync();
        await provider.RegisterContextAsync("once");
        using var tax = await PollSite.ConnectAsync(server, OidcServer.ClientId);

        using var again = await provider.PostAsync(UnicityEndpoints.ContextsPath, new { context = "once", label = "Another label" });
        using var refused = await tax.PostAsync(UnicityEndpoints.ContextsPath, new { context = "tax-poll", label = "Poll" });

        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Discovery_NamesTheParameterAndTheEndpoints()
    {
        using var http = new HttpClient { BaseAddress = server.Issuer };

        var discovery = JsonDocument.Parse(await http.GetStringAsync("/.well-known/openid-configuration")).RootElement;

        Assert.Equal(UnicityAtLogin.Parameter, discovery.GetProperty("unicity_parameter").GetString());
        Assert.Equal(new Uri(server.Issuer, "unicity/participations").AbsoluteUri, discovery.GetProperty("unicity_endpoint").GetString());
        Assert.Contains("unicity", discovery.GetProperty("claims_supported").EnumerateArray().Select(e => e.GetString()));
    }

    private async Task<(string ClientId, PollSite Provider)> NewPollSiteAsync()
    {
        var clientId = "poll-" + Guid.NewGuid().ToString("N")[..10];
        var report = await server.Seeding.SeedProvidersAsync(
        [
            new ProviderSeed(clientId, "Consultation " + clientId, [OidcServer.RedirectUri], ["openid"],
                [AuthMethod.Password, AuthMethod.Sms], Sector: clientId + ".example.ma", ClientSecret: OidcServer.ClientSecret, Unicity: true),
        ], CancellationToken.None);
        Assert.Empty(report.Failures);
        return (clientId, await PollSite.ConnectAsync(server, clientId));
    }

    private async Task<JsonElement> LoginAsync(string clientId, string number, string contextId) =>
        (await LoginWithSubjectAsync(clientId, number, contextId)).Unicity;

    private async Task<(JsonElement Unicity, string Subject)> LoginWithSubjectAsync(string clientId, string number, string contextId)
    {
        var request = new AuthorizationRequest(clientId, "openid") { Extra = { [UnicityAtLogin.Parameter] = contextId } };
        var (code, _, browser) = await Login.CodeAsync(server, number, request);
        browser.Dispose();
        using var client = new OidcClient(server, clientId);
        var (status, tokens) = await client.RedeemAsync(code, request);
        Assert.Equal(HttpStatusCode.OK, status);
        var idToken = new JsonWebToken(tokens.GetProperty("id_token").GetString()!);
        Assert.False(new JsonWebToken(tokens.GetProperty("access_token").GetString()!).TryGetClaim(UnicityAtLogin.Claim, out _));
        return (JsonDocument.Parse(idToken.GetClaim(UnicityAtLogin.Claim).Value).RootElement.Clone(), idToken.Subject);
    }

    private async Task<string> AccessTokenAsync(string clientId, string number)
    {
        var request = new AuthorizationRequest(clientId, "openid");
        var (code, _, browser) = await Login.CodeAsync(server, number, request);
        browser.Dispose();
        using var client = new OidcClient(server, clientId);
        var (_, tokens) = await client.RedeemAsync(code, request);
        return tokens.GetProperty("access_token").GetString()!;
    }

    private async Task<(HttpStatusCode Status, JsonElement Body)> ParticipateAsync(string accessToken, string? context, string? idempotencyKey = null)
    {
        using var http = new HttpClient { BaseAddress = server.Issuer };
        using var request = new HttpRequestMessage(HttpMethod.Post, UnicityEndpoints.ParticipationsPath) { Content = JsonContent.Create(new { context }) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        if (idempotencyKey is not null)
        {
            request.Headers.Add(UnicityEndpoints.IdempotencyKeyHeader, idempotencyKey);
        }

        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    /// <summary>A poll site managing its contexts with its own client-credentials token.</summary>
    private sealed class PollSite : IDisposable
    {
        private readonly HttpClient _http;

        private PollSite(HttpClient http, string token)
        {
            _http = http;
            Token = token;
        }

        public string Token { get; }

        public static async Task<PollSite> ConnectAsync(OidcServer server, string clientId)
        {
            using var client = new OidcClient(server, clientId);
            var (status, tokens) = await client.PostAsync("/connect/token", new Dictionary<string, string> { ["grant_type"] = "client_credentials" });
            Assert.Equal(HttpStatusCode.OK, status);
            var token = tokens.GetProperty("access_token").GetString()!;
            var http = new HttpClient { BaseAddress = server.Issuer };
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            return new PollSite(http, token);
        }

        public Task<HttpResponseMessage> PostAsync(string path, object body) => _http.PostAsJsonAsync(path, body);

        public async Task RegisterContextAsync(string contextId)
        {
            using var response = await _http.PostAsJsonAsync(UnicityEndpoints.ContextsPath, new { context = contextId, label = "Poll " + contextId });
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        }

        public async Task<JsonElement> GetContextAsync(string contextId) =>
            JsonDocument.Parse(await _http.GetStringAsync(UnicityEndpoints.ContextsPath + "/" + contextId)).RootElement.Clone();

        public async Task<JsonElement> CloseContextAsync(string contextId)
        {
            using var response = await _http.PostAsync(UnicityEndpoints.ContextsPath + "/" + contextId + "/close", content: null);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
        }

        public void Dispose() => _http.Dispose();
    }
}
