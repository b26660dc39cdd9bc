using System.Net;
using Hawiya.SampleProvider.Tests.Support;
using Microsoft.AspNetCore.Http;

namespace Hawiya.SampleProvider.Tests.Tokens;

/// <summary>The refresh button: the refresh_token grant (RFC 6749 §6) and a renewed ID token (OIDC Core §12.2).</summary>
public sealed class TokenRefresherTests(ProviderFixture fixture) : IClassFixture<ProviderFixture>
{
    private FakeProvider Provider => fixture.Provider;

    [Fact]
    public async Task Refresh_ProviderIssuesTokens_ShowsNewExpiryAndKeepsRotatedToken()
    {
        var renewedIdToken = TestTokens.Sign(TestTokens.IdTokenClaims(Provider, "sub-r1", "sid-r1"), Provider.SigningCredentials, type: "JWT");
        Provider.TokenResponder = form => Results.Json(new Dictionary<string, object>
        {
            ["access_token"] = "at-" + form["refresh_token"],
            ["token_type"] = "Bearer",
            ["expires_in"] = 3600,
            ["refresh_token"] = form["refresh_token"] + "-next",
            ["id_token"] = renewedIdToken,
        });
        using var browser = await SignedInBrowserAsync("sub-r1", "rt-1");
        var antiforgery = await SampleProviderFactory.AntiforgeryTokenAsync(browser, "/account");

        using var first = await SampleProviderFactory.PostFormAsync(browser, "/refresh", antiforgery);
        var html = await first.Content.ReadAsStringAsync();
        using var second = await SampleProviderFactory.PostFormAsync(browser, "/refresh", antiforgery);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Contains("Jetons rafraîchis", html, StringComparison.Ordinal);
        Assert.Contains("(dans 60 min)", html, StringComparison.Ordinal);
        Assert.Contains("remplacé par un nouveau (rotation)", html, StringComparison.Ordinal);
        Assert.Contains("renouvelé et vérifié", html, StringComparison.Ordinal);
        var requests = Provider.RequestsTo("/token").Where(r => r.Form["refresh_token"].StartsWith("rt-1", StringComparison.Ordinal)).ToArray();
        Assert.Equal(["rt-1", "rt-1-next"], requests.Select(r => r.Form["refresh_token"]));
        Assert.All(requests, r =>
        {
            Assert.Equal("refresh_token", r.Form["grant_type"]);
            Assert.StartsWith("Basic ", r.Authorization, StringComparison.Ordinal);
            Assert.False(r.Form.ContainsKey("client_secret"));
        });
    }

    [Fact]
    public async Task Refresh_ProviderRefuses_ShowsErrorClearly()
    {
        Provider.TokenResponder = _ => Results.Json(new Dictionary<string, string>
        {
            ["error"] = "invalid_grant",
            ["error_description"] = "The refresh token has been revoked.",
        }, statusCode: 400);
        using var browser = await SignedInBrowserAsync("sub-r2", "rt-2");
        var antiforgery = await SampleProviderFactory.AntiforgeryTokenAsync(browser, "/account");

        using var response = await SampleProviderFactory.PostFormAsync(browser, "/refresh", antiforgery);
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Rafraîchissement refusé", html, StringComparison.Ordinal);
        Assert.Contains("<code>invalid_grant</code>", html, StringComparison.Ordinal);
        Assert.Contains("The refresh token has been revoked.", html, StringComparison.Ordinal);
        Assert.Contains("reconnectez-vous", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Refresh_RenewedIdTokenForAnotherSub_IsRefused()
    {
        var otherPerson = TestTokens.Sign(TestTokens.IdTokenClaims(Provider, "someone-else", "sid-r3"), Provider.SigningCredentials, type: "JWT");
        Provider.TokenResponder = _ => Results.Json(new Dictionary<string, object>
        {
            ["access_token"] = "at", ["token_type"] = "Bearer", ["expires_in"] = 600, ["id_token"] = otherPerson,
        });
        using var browser = await SignedInBrowserAsync("sub-r3", "rt-3");
        var antiforgery = await SampleProviderFactory.AntiforgeryTokenAsync(browser, "/account");

        using var response = await SampleProviderFactory.PostFormAsync(browser, "/refresh", antiforgery);
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("<code>invalid_id_token</code>", html, StringComparison.Ordinal);
        Assert.Contains("sub différent", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Refresh_RenewedIdTokenWithBadSignature_IsRefused()
    {
        var forged = TestTokens.Sign(TestTokens.IdTokenClaims(Provider, "sub-r4", "sid-r4"), TestTokens.ImpostorCredentials(), type: "JWT");
        Provider.TokenResponder = _ => Results.Json(new Dictionary<string, object>
        {
            ["access_token"] = "at", ["token_type"] = "Bearer", ["id_token"] = forged,
        });
        using var browser = await SignedInBrowserAsync("sub-r4", "rt-4");
        var antiforgery = await SampleProviderFactory.AntiforgeryTokenAsync(browser, "/account");

        using var response = await SampleProviderFactory.PostFormAsync(browser, "/refresh", antiforgery);
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("the signature is invalid", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Refresh_NoRefreshToken_ExplainsOfflineAccess()
    {
        using var browser = await SignedInBrowserAsync("sub-r5", refreshToken: null);
        var antiforgery = await SampleProviderFactory.AntiforgeryTokenAsync(browser, "/account");

        using var response = await SampleProviderFactory.PostFormAsync(browser, "/refresh", antiforgery);
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("offline_access", html, StringComparison.Ordinal);
    }

    private async Task<HttpClient> SignedInBrowserAsync(string sub, string? refreshToken)
    {
        var browser = fixture.Factory.CreateBrowser();
        var session = new Dictionary<string, string> { ["sub"] = sub, ["sid"] = "sid-" + sub, ["access_token"] = "at-0" };
        if (refreshToken is not null)
        {
            session["refresh_token"] = refreshToken;
        }

        await SampleProviderFactory.SignInAsync(browser, session);
        return browser;
    }
}
