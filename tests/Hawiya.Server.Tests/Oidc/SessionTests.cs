using System.Net;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Hawiya.Server.Tests.Oidc;

/// <summary>Single sign-on, prompt, max_age, hints, logout, introspection and revocation.</summary>
[Collection(OidcCollection.Name)]
public sealed class SessionTests(OidcServer server)
{
    [Fact]
    public async Task SingleSignOn_SecondProviderSameBrowser_AsksOnlyForConsent()
    {
        var citizen = await server.NewCitizenAsync();
        var (_, _, browser) = await Login.CodeAsync(server, citizen.Number);
        using var _ = browser;

        var page = await browser.OpenAsync(new AuthorizationRequest(OidcServer.RsaClientId).Url());

        Assert.True(page.IsPage("consent"), "an authenticated citizen is not asked to log in again");
        var stop = await browser.PostStepAsync("consent", ("decision", "accept"));
        Assert.NotNull(stop.Query["code"]);
    }

    [Fact]
    public async Task SingleSignOn_LevelTooLow_AsksOnlyForTheMissingFactor()
    {
        var citizen = await server.NewCitizenAsync();
        var (_, _, browser) = await Login.CodeAsync(server, citizen.Number);
        using var _ = browser;
        var request = new AuthorizationRequest(OidcServer.StrongClientId);

        var page = await browser.OpenAsync(request.Url());

        Assert.True(page.IsPage("method"), "the citizen is known; only a method is chosen");
        Assert.DoesNotContain("value=\"Password\"", page.Html, StringComparison.Ordinal);
        var stop = await Login.WithSmsAsync(browser, server, citizen.Phone);
        using var client = new OidcClient(server, OidcServer.StrongClientId);
        var (_, tokens) = await client.RedeemAsync(stop.Query["code"], request);
        Assert.Equal("eidas2", new JsonWebToken(tokens.GetProperty("id_token").GetString()!).GetClaim("acr").Value);
    }

    [Fact]
    public async Task PromptNone_SessionAndConsent_ReturnsACodeWithoutAnyPage()
    {
        var citizen = await server.NewCitizenAsync();
        var (_, _, browser) = await Login.CodeAsync(server, citizen.Number);
        using var _ = browser;

        var stop = await browser.OpenAsync(new AuthorizationRequest(OidcServer.ClientId) { Extra = { ["prompt"] = "none" } }.Url());

        Assert.NotNull(stop.Query["code"]);
    }

    [Fact]
    public async Task PromptNone_SessionWithoutConsent_RedirectsConsentRequired()
    {
        var citizen = await server.NewCitizenAsync();
        var (_, _, browser) = await Login.CodeAsync(server, citizen.Number);
        using var _ = browser;

        var stop = await browser.OpenAsync(new AuthorizationRequest(OidcServer.RsaClientId) { Extra = { ["prompt"] = "none" } }.Url());

        Assert.Equal("consent_required", stop.Query["error"]);
    }

    [Fact]
    public async Task PromptLogin_WithSession_AsksToLogInAgain()
    {
        var citizen = await server.NewCitizenAsync();
        var (_, _, browser) = await Login.CodeAsync(server, citizen.Number);
        using var _ = browser;

        var page = await browser.OpenAsync(new AuthorizationRequest(OidcServer.ClientId) { Extra = { ["prompt"] = "login" } }.Url());

        Assert.True(page.IsPage("identify"));
    }

    [Fact]
    public async Task PromptConsent_AlreadyConsented_ShowsConsentAgain()
    {
        var citizen = await server.NewCitizenAsync();
        var (_, _, browser) = await Login.CodeAsync(server, citizen.Number);
        using var _ = browser;

        var page = await browser.OpenAsync(new AuthorizationRequest(OidcServer.ClientId) { Extra = { ["prompt"] = "consent" } }.Url());

        Assert.True(page.IsPage("consent"));
    }

    [Fact]
    public async Task MaxAge_AuthenticationOlderThanMaxAge_AsksToLogInAgain()
    {
        var citizen = await server.NewCitizenAsync();
        var (_, _, browser) = await Login.CodeAsync(server, citizen.Number);
        using var _ = browser;
        server.Time.Advance(TimeSpan.FromMinutes(10));

        var old = await browser.OpenAsync(new AuthorizationRequest(OidcServer.ClientId) { Extra = { ["max_age"] = "60" } }.Url());
        var recentEnough = await browser.OpenAsync(new AuthorizationRequest(OidcServer.ClientId) { Extra = { ["max_age"] = "3600" } }.Url());

        Assert.True(old.IsPage("identify"));
        Assert.NotNull(recentEnough.Query["code"]);
    }

    [Fact]
    public async Task LoginHint_WellFormedNationalNumber_PrefillsTheIdentifyPage()
    {
        using var browser = new Browser(server.Issuer);

        var page = await browser.OpenAsync(new AuthorizationRequest(OidcServer.ClientId) { Extra = { ["login_hint"] = "ab123456" } }.Url());

        Assert.Contains("value=\"AB123456\"", page.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task IdTokenHint_OfAnotherCitizen_PromptNoneIsLoginRequired()
    {
        var first = await server.NewCitizenAsync();
        var second = await server.NewCitizenAsync();
        var (code, request, firstBrowser) = await Login.CodeAsync(server, first.Number);
        firstBrowser.Dispose();
        using var client = new OidcClient(server);
        var (_, tokens) = await client.RedeemAsync(code, request);
        var (_, _, browser) = await Login.CodeAsync(server, second.Number);
        using var _ = browser;

        var stop = await browser.OpenAsync(new AuthorizationRequest(OidcServer.ClientId)
        {
            Extra = { ["prompt"] = "none", ["id_token_hint"] = tokens.GetProperty("id_token").GetString() },
        }.Url());

        Assert.Equal("login_required", stop.Query["error"]);
    }

    [Fact]
    public async Task Logout_RegisteredPostLogoutUri_RedirectsWithStateAndEndsSingleSignOn()
    {
        var citizen = await server.NewCitizenAsync();
        var (_, _, browser) = await Login.CodeAsync(server, citizen.Number);
        using var _ = browser;

        var logout = await browser.OpenAsync(QueryHelpers.AddQueryString("/connect/endsession", new Dictionary<string, string?>
        {
            ["client_id"] = OidcServer.ClientId,
            ["post_logout_redirect_uri"] = OidcServer.PostLogoutUri,
            ["state"] = "bye-state",
        }));
        var afterwards = await browser.OpenAsync(new AuthorizationRequest(OidcServer.ClientId) { Extra = { ["prompt"] = "none" } }.Url());

        Assert.Equal(OidcServer.PostLogoutUri, logout.Location!.GetLeftPart(UriPartial.Path));
        Assert.Equal("bye-state", logout.Query["state"]);
        Assert.Equal("login_required", afterwards.Query["error"]);
    }

    [Theory]
    [InlineData(OidcServer.ClientId, "http://127.0.0.1:7001/bye/extra")]
    [InlineData(null, OidcServer.PostLogoutUri)]
    public async Task Logout_UnregisteredOrUnattributedPostLogoutUri_IsRefusedWithoutRedirect(string? clientId, string uri)
    {
        using var browser = new Browser(server.Issuer);

        var stop = await browser.OpenAsync(QueryHelpers.AddQueryString("/connect/endsession", new Dictionary<string, string?>
        {
            ["client_id"] = clientId,
            ["post_logout_redirect_uri"] = uri,
        }.Where(p => p.Value is not null)));

        Assert.Null(stop.Location);
        Assert.Equal(HttpStatusCode.BadRequest, stop.Status);
    }

    [Fact]
    public async Task Consent_Refused_RedirectsAccessDenied()
    {
        var citizen = await server.NewCitizenAsync();
        var request = new AuthorizationRequest(OidcServer.ClientId);
        using var browser = new Browser(server.Issuer);
        await browser.OpenAsync(request.Url());

        await Login.WithPasswordAsync(browser, citizen.Number, consent: false);
        var stop = await browser.PostStepAsync("consent", ("decision", "deny"));

        Assert.Equal("access_denied", stop.Query["error"]);
        Assert.Equal(request.State, stop.Query["state"]);
    }

    [Fact]
    public async Task LoginPages_OpenedInAnotherBrowser_AreRefused()
    {
        var request = new AuthorizationRequest(OidcServer.ClientId);
        using var owner = new Browser(server.Issuer);
        var page = await owner.OpenAsync(request.Url());
        var requestUri = System.Text.RegularExpressions.Regex.Match(page.Html, "name=\"request_uri\" value=\"([^\"]*)\"").Groups[1].Value;
        using var stranger = new Browser(server.Issuer);

        var stolen = await stranger.OpenAsync(QueryHelpers.AddQueryString("/connect/authorize", new Dictionary<string, string?>
        {
            ["client_id"] = OidcServer.ClientId,
            ["request_uri"] = WebUtility.HtmlDecode(requestUri),
        }));

        Assert.Equal(HttpStatusCode.Forbidden, stolen.Status);
    }

    [Fact]
    public async Task Introspection_AccessTokenActiveUntilItsLoginIsRevoked()
    {
        var citizen = await server.NewCitizenAsync();
        var (code, request, browser) = await Login.CodeAsync(server, citizen.Number);
        browser.Dispose();
        using var client = new OidcClient(server);
        var (_, tokens) = await client.RedeemAsync(code, request);
        var access = tokens.GetProperty("access_token").GetString()!;

        var (_, before) = await client.PostAsync("/connect/introspect", new Dictionary<string, string> { ["token"] = access });
        await client.RedeemAsync(code, request);
        var (_, after) = await client.PostAsync("/connect/introspect", new Dictionary<string, string> { ["token"] = access });

        Assert.True(before.GetProperty("active").GetBoolean());
        Assert.Equal("eidas1", before.GetProperty("acr").GetString());
        Assert.False(after.GetProperty("active").GetBoolean());
    }

    [Fact]
    public async Task Revocation_RefreshToken_CannotBeUsedAfterwards()
    {
        var citizen = await server.NewCitizenAsync();
        var (code, request, browser) = await Login.CodeAsync(server, citizen.Number);
        browser.Dispose();
        using var client = new OidcClient(server);
        var (_, tokens) = await client.RedeemAsync(code, request);
        var refresh = tokens.GetProperty("refresh_token").GetString()!;

        var (status, _) = await client.PostAsync("/connect/revoke", new Dictionary<string, string> { ["token"] = refresh, ["token_type_hint"] = "refresh_token" });
        var (refreshStatus, error) = await client.RefreshAsync(refresh);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(HttpStatusCode.BadRequest, refreshStatus);
        Assert.Equal("invalid_grant", error.GetProperty("error").GetString());
    }
}
