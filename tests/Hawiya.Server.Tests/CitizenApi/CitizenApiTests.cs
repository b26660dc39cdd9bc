using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Hawiya.Contracts.Cards;
using Hawiya.Contracts.Citizens;
using Hawiya.Contracts.Common;
using Hawiya.Contracts.Journal;
using Hawiya.Contracts.Providers;
using Hawiya.Server.Operators;
using Hawiya.Server.Tests.Oidc;
using Microsoft.Extensions.DependencyInjection;

namespace Hawiya.Server.Tests.CitizenApi;

/// <summary>The citizen API over real HTTP, with access tokens obtained through the real login flow.</summary>
[Collection(OidcCollection.Name)]
public sealed partial class CitizenApiTests(OidcServer server)
{
    private const string PortalClientId = "citizen-portal";
    private const string OtherClientId = "lookalike-portal";
    private static readonly SemaphoreSlim Seeded = new(1, 1);

    [Fact]
    public async Task Profile_TokenForAnotherAudience_Returns401InvalidToken()
    {
        // Issue 26, finding 10: RFC 9068 §4, a token whose aud is not Hawiya's APIs is refused.
        var token = await AccessTokenAsync(await server.NewCitizenAsync());
        using var genuine = Api(token);
        using var foreign = Api(AccessTokenForgery.Resign(server, token, "https://other.example.ma/api"));

        using var accepted = await genuine.GetAsync("profile");
        using var refused = await foreign.GetAsync("profile");

        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Contains("error=\"invalid_token\"", refused.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Profile_WithoutToken_Returns401WithABearerChallenge()
    {
        using var http = Api(token: null);

        using var response = await http.GetAsync("profile");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
        Assert.DoesNotContain("error=", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Profile_WithAForgedToken_Returns401InvalidToken()
    {
        using var http = Api("eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.");

        using var response = await http.GetAsync("profile");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("error=\"invalid_token\"", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Profile_TokenWithoutTheCitizenScope_Returns403InsufficientScope()
    {
        var citizen = await server.NewCitizenAsync();
        var token = await AccessTokenAsync(citizen, OidcServer.ClientId, OidcServer.ClientSecret, "openid profile");
        using var http = Api(token);

        using var response = await http.GetAsync("profile");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("error=\"insufficient_scope\"", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        Assert.Contains("scope=\"hawiya.citizen\"", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Profile_CitizenScopeGrantedToAnotherClient_Returns403()
    {
        var citizen = await server.NewCitizenAsync();
        var token = await AccessTokenAsync(citizen, OtherClientId);
        using var http = Api(token);

        using var response = await http.GetAsync("profile");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("not issued to the citizen portal", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Profile_PortalToken_ReturnsStatusMethodsContactsAndTheLoginLevel()
    {
        var citizen = await server.NewCitizenAsync();
        using var http = Api(await AccessTokenAsync(citizen));

        var profile = await http.GetFromJsonAsync<JsonElement>("profile");

        Assert.Equal("Active", profile.GetProperty("status").GetString());
        Assert.Equal(["Password", "Sms"], profile.GetProperty("methods").EnumerateArray().Select(m => m.GetProperty("method").GetString()));
        Assert.Equal(citizen.Phone, profile.GetProperty("phone").GetString());
        Assert.Equal("eidas1", profile.GetProperty("login").GetProperty("acr").GetString());
    }

    [Fact]
    public async Task SetMethod_Eidas1Login_Returns401AskingForAStepUp()
    {
        var citizen = await server.NewCitizenAsync();
        using var http = Api(await AccessTokenAsync(citizen));

        using var response = await http.PutAsJsonAsync("methods/Sms", new { enabled = false });

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var challenge = response.Headers.WwwAuthenticate.ToString();
        Assert.Contains("error=\"insufficient_user_authentication\"", challenge, StringComparison.Ordinal);
        Assert.Contains("acr_values=\"eidas2\"", challenge, StringComparison.Ordinal);
        Assert.Contains("max_age=600", challenge, StringComparison.Ordinal);
        Assert.True((await server.Grains.GetGrain<ICitizenGrain>(Key(citizen)).GetAsync()).IsEnabled(AuthMethod.Sms));
    }

    [Fact]
    public async Task SetMethod_Eidas2Login_TurnsTheMethodOffAndRecordsIt()
    {
        var citizen = await server.NewCitizenAsync();
        using var http = Api(await AccessTokenAsync(citizen, substantial: true));

        using var response = await http.PutAsJsonAsync("methods/Password", new { enabled = false });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False((await server.Grains.GetGrain<ICitizenGrain>(Key(citizen)).GetAsync()).IsEnabled(AuthMethod.Password));
        var journal = await server.Grains.GetGrain<ICitizenJournalGrain>(Key(citizen)).ListAsync(null, 10);
        var entry = journal.Entries.First().Event;
        Assert.Equal(JournalEventKind.MethodDisabled, entry.Kind);
        Assert.Equal("Password", entry.Detail);
    }

    [Fact]
    public async Task SetMethod_UnknownOrMissingValue_ReturnsProblems()
    {
        var citizen = await server.NewCitizenAsync();
        using var http = Api(await AccessTokenAsync(citizen, substantial: true));

        using var unknown = await http.PutAsJsonAsync("methods/Telepathy", new { enabled = false });
        using var missing = await http.PutAsJsonAsync("methods/Sms", new { });
        using var notEnrolled = await http.PutAsJsonAsync("methods/Face", new { enabled = true });

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, notEnrolled.StatusCode);
        Assert.Equal("method_not_enrolled", (await notEnrolled.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString());
    }

    [Fact]
    public async Task RevokeConsent_OfAProvider_EndsItsSessionsSoItsRefreshTokenFails()
    {
        var citizen = await server.NewCitizenAsync();
        var request = new AuthorizationRequest(OidcServer.ClientId);
        var (code, _, browser) = await Login.CodeAsync(server, citizen.Number, request);
        browser.Dispose();
        using var provider = new OidcClient(server);
        var (_, tokens) = await provider.RedeemAsync(code, request);
        using var http = Api(await AccessTokenAsync(citizen));

        using var response = await http.DeleteAsync($"consents/{OidcServer.ClientId}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var revocation = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(revocation.GetProperty("consentRemoved").GetBoolean());
        Assert.Equal(1, revocation.GetProperty("sessionsRevoked").GetInt32());
        var (status, refreshed) = await provider.RefreshAsync(tokens.GetProperty("refresh_token").GetString()!);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("invalid_grant", refreshed.GetProperty("error").GetString());
        var consents = await http.GetFromJsonAsync<JsonElement>("consents");
        Assert.DoesNotContain(consents.EnumerateArray(), c => c.GetProperty("clientId").GetString() == OidcServer.ClientId);
        var journal = await server.Grains.GetGrain<ICitizenJournalGrain>(Key(citizen)).ListAsync(null, 1);
        Assert.Equal(JournalEventKind.ConsentRevoked, journal.Entries.Single().Event.Kind);
        Assert.Equal(OidcServer.ClientId, journal.Entries.Single().Event.ClientId);
    }

    [Fact]
    public async Task RevokeConsent_ProviderNeverUsed_Returns404()
    {
        var citizen = await server.NewCitizenAsync();
        using var http = Api(await AccessTokenAsync(citizen));

        using var response = await http.DeleteAsync($"consents/{OidcServer.RsaClientId}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Identity_DeactivateThenActivate_ChangesTheStatusAndRecordsBoth()
    {
        var citizen = await server.NewCitizenAsync();
        using var http = Api(await AccessTokenAsync(citizen, substantial: true));

        using var deactivated = await http.PostAsJsonAsync("identity/deactivate", new { });
        var status = (await server.Grains.GetGrain<ICitizenGrain>(Key(citizen)).GetAsync()).Status;
        using var activated = await http.PostAsJsonAsync("identity/activate", new { });

        Assert.Equal(HttpStatusCode.OK, deactivated.StatusCode);
        Assert.Equal(CitizenStatus.Deactivated, status);
        Assert.Equal(HttpStatusCode.OK, activated.StatusCode);
        Assert.Equal("Active", (await activated.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        var journal = await server.Grains.GetGrain<ICitizenJournalGrain>(Key(citizen)).ListAsync(null, 2);
        Assert.Equal([JournalEventKind.Activated, JournalEventKind.Deactivated], journal.Entries.Select(e => e.Event.Kind));
    }

    [Fact]
    public async Task ReportCard_OwnCardStolen_RevokesItRecordsItAndEndsEverySession()
    {
        var citizen = await server.NewCitizenAsync();
        var cardNumber = "K" + Guid.NewGuid().ToString("N")[..12].ToUpperInvariant();
        var seeded = await server.Seeding.SeedCardsAsync([new CardSeed(cardNumber, citizen.Number, Convert.ToBase64String(SelfSignedCertificate()))], CancellationToken.None);
        Assert.Empty(seeded.Failures);
        var cardKey = server.Services.GetRequiredService<PseudonymKeys>().Card(cardNumber);
        using var http = Api(await AccessTokenAsync(citizen, substantial: true));

        using var response = await http.PostAsJsonAsync($"cards/{cardKey}/report", new { cause = "Stolen" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var card = await server.Grains.GetGrain<ICardGrain>(cardKey).GetAsync();
        Assert.Equal(CardStatus.Revoked, card.Status);
        Assert.Equal(CardRevocationCause.Stolen, card.RevocationCause);
        var journal = await server.Grains.GetGrain<ICitizenJournalGrain>(Key(citizen)).ListAsync(null, 5);
        Assert.Contains(journal.Entries, e => e.Event.Kind == JournalEventKind.CardStatusChanged && e.Event.Detail == "Revoked:Stolen");
        using var after = await http.GetAsync("profile");
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
    }

    [Fact]
    public async Task ReportCard_KeyOfACardNotTheCitizens_Returns404AndRevokesNothing()
    {
        var citizen = await server.NewCitizenAsync();
        var stranger = server.Services.GetRequiredService<PseudonymKeys>().Card("K" + Guid.NewGuid().ToString("N")[..12].ToUpperInvariant());
        using var http = Api(await AccessTokenAsync(citizen, substantial: true));

        using var unknown = await http.PostAsJsonAsync($"cards/{stranger}/report", new { cause = "Stolen" });
        using var badCause = await http.PostAsJsonAsync($"cards/{stranger}/report", new { cause = "Deceased" });

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badCause.StatusCode);
        Assert.Equal(CardStatus.NotIssued, (await server.Grains.GetGrain<ICardGrain>(stranger).GetAsync()).Status);
    }

    [Fact]
    public async Task NotMe_Called_FreezesRecordsAndVoidsEveryToken()
    {
        var citizen = await server.NewCitizenAsync();
        using var http = Api(await AccessTokenAsync(citizen));

        using var response = await http.PostAsJsonAsync("not-me", new { });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(CitizenStatus.Frozen, (await server.Grains.GetGrain<ICitizenGrain>(Key(citizen)).GetAsync()).Status);
        var journal = await server.Grains.GetGrain<ICitizenJournalGrain>(Key(citizen)).ListAsync(null, 5);
        Assert.Contains(journal.Entries, e => e.Event.Kind == JournalEventKind.Frozen);
        using var after = await http.GetAsync("profile");
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
        Assert.Contains("error=\"invalid_token\"", after.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Activity_AfterLogins_ListsUsesNewestFirstAndPages()
    {
        var citizen = await server.NewCitizenAsync();
        await AccessTokenAsync(citizen);
        using var http = Api(await AccessTokenAsync(citizen));

        var first = await http.GetFromJsonAsync<JsonElement>("activity?count=1");
        var next = first.GetProperty("next").GetInt64();
        var second = await http.GetFromJsonAsync<JsonElement>($"activity?count=1&before={next}");

        var newest = first.GetProperty("entries").EnumerateArray().Single();
        var older = second.GetProperty("entries").EnumerateArray().Single();
        Assert.Equal("Use", newest.GetProperty("kind").GetString());
        Assert.Equal(PortalClientId, newest.GetProperty("clientId").GetString());
        Assert.Equal("Portail " + PortalClientId, newest.GetProperty("provider").GetString());
        Assert.True(newest.GetProperty("sequence").GetInt64() > older.GetProperty("sequence").GetInt64());
    }

    [Theory]
    [InlineData("activity?count=0")]
    [InlineData("activity?count=101")]
    [InlineData("activity?before=x")]
    public async Task Activity_BadPaging_Returns400Problem(string path)
    {
        var citizen = await server.NewCitizenAsync();
        using var http = Api(await AccessTokenAsync(citizen));

        using var response = await http.GetAsync(path);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Alerts_SilencingCardStatus_Returns400AndKeepsThePreferences()
    {
        var citizen = await server.NewCitizenAsync();
        using var http = Api(await AccessTokenAsync(citizen, substantial: true));

        using var refused = await http.PutAsJsonAsync("alerts", new { use = "None", newMethod = "Sms", cardStatus = "None" });
        using var accepted = await http.PutAsJsonAsync("alerts", new { use = "None", newMethod = "Sms", cardStatus = "Email" });

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        var preferences = await http.GetFromJsonAsync<JsonElement>("alerts");
        Assert.Equal("Email", preferences.GetProperty("cardStatus").GetString());
        Assert.Equal("None", preferences.GetProperty("use").GetString());
    }

    private static byte[] SelfSignedCertificate()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=CNIE test card", key, HashAlgorithmName.SHA256);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(5));
        return certificate.Export(X509ContentType.Cert);
    }

    private string Key(TestCitizen citizen) => server.Services.GetRequiredService<PseudonymKeys>().Citizen(citizen.Number);

    private HttpClient Api(string? token)
    {
        var http = new HttpClient { BaseAddress = new Uri(server.Issuer, "citizen/api/") };
        if (token is not null)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return http;
    }

    /// <summary>An access token from a login of <paramref name="citizen"/> at a client (the portal by default), at eidas1 or eidas2.</summary>
    private async Task<string> AccessTokenAsync(TestCitizen citizen, string clientId = PortalClientId, string secret = OidcServer.ClientSecret, string scope = "openid hawiya.citizen", bool substantial = false)
    {
        await EnsurePortalClientsAsync();
        var request = new AuthorizationRequest(clientId, scope);
        var (code, _, browser) = await Login.CodeAsync(server, citizen.Number, request);
        using (browser)
        {
            if (substantial)
            {
                request = new AuthorizationRequest(clientId, scope) { Extra = { ["acr_values"] = "eidas2" } };
                await browser.OpenAsync(request.Url());
                var stop = await Login.WithSmsAsync(browser, server, citizen.Phone);
                code = stop.Query["code"];
            }
        }

        using var client = new OidcClient(server, clientId, secret);
        var (status, tokens) = await client.RedeemAsync(code, request);
        Assert.Equal(HttpStatusCode.OK, status);
        return tokens.GetProperty("access_token").GetString()!;
    }

    private async Task EnsurePortalClientsAsync()
    {
        await Seeded.WaitAsync();
        try
        {
            if ((await server.Grains.GetGrain<IServiceProviderGrain>(PortalClientId).GetAsync()).IsAccredited)
            {
                return;
            }

            ProviderSeed Portal(string clientId) => new(
                clientId, "Portail " + clientId, [OidcServer.RedirectUri], ["openid", "hawiya.citizen"],
                [AuthMethod.Password, AuthMethod.Sms], Sector: clientId + ".example.ma", ClientSecret: OidcServer.ClientSecret);
            var report = await server.Seeding.SeedProvidersAsync([Portal(PortalClientId), Portal(OtherClientId)], CancellationToken.None);
            Assert.Empty(report.Failures);
        }
        finally
        {
            Seeded.Release();
        }
    }
}
