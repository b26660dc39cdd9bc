using System.Net;
using System.Security.Cryptography;
using System.Text;
using Hawiya.SampleProvider.Tests.Support;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.IdentityModel.Tokens;

namespace Hawiya.SampleProvider.Tests.Authentication;

/// <summary>
/// A whole authorization code flow against the fake provider, with the browser's part played
/// by the test: the site's callback, code redemption, ID token checks (ES256 against the JWKS,
/// iss, aud, nonce), userinfo, and the account page showing it all.
/// </summary>
public sealed class CodeFlowTests(ProviderFixture fixture) : IClassFixture<ProviderFixture>
{
    private FakeProvider Provider => fixture.Provider;

    [Fact]
    public async Task Callback_ValidCodeAndIdToken_SignsInAndShowsClaims()
    {
        using var browser = fixture.Factory.CreateBrowser();
        var (state, nonce) = await StartLoginAsync(browser);
        Provider.UserInfo = """{"sub":"pairwise-flow","given_name":"Youssef","family_name":"El Amrani","birthdate":"1985-07-14"}""";
        RespondWithTokens(nonce, "pairwise-flow", Provider.SigningCredentials);

        using var callback = await browser.GetAsync($"/signin-hawiya?code=code-1&state={Uri.EscapeDataString(state)}");
        var account = await browser.GetStringAsync("/account");

        Assert.Equal(HttpStatusCode.Redirect, callback.StatusCode);
        Assert.Equal("/account", callback.Headers.Location!.OriginalString);
        Assert.Contains("<code>pairwise-flow</code>", account, StringComparison.Ordinal);
        Assert.Contains("eidas2 — eIDAS substantiel", account, StringComparison.Ordinal);
        Assert.Contains("El Amrani", account, StringComparison.Ordinal);
        Assert.Contains("(dans 5 min)", account, StringComparison.Ordinal);
        var redemption = Provider.RequestsTo("/token").Last();
        Assert.Equal("authorization_code", redemption.Form["grant_type"]);
        Assert.Equal("code-1", redemption.Form["code"]);
        Assert.Equal("http://localhost/signin-hawiya", redemption.Form["redirect_uri"]);
        Assert.Equal(43, redemption.Form["code_verifier"].Length);
    }

    [Fact]
    public async Task Callback_IdTokenSignedByAnotherKey_ShowsInvalidIdToken()
    {
        using var browser = fixture.Factory.CreateBrowser();
        var (state, nonce) = await StartLoginAsync(browser);
        RespondWithTokens(nonce, "pairwise-forged", TestTokens.ImpostorCredentials());

        using var callback = await browser.GetAsync($"/signin-hawiya?code=code-2&state={Uri.EscapeDataString(state)}");
        var html = await callback.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, callback.StatusCode);
        Assert.Contains("<code>invalid_id_token</code>", html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync("/account")).StatusCode);
    }

    [Fact]
    public async Task Callback_UnsignedIdToken_ShowsInvalidIdToken()
    {
        using var browser = fixture.Factory.CreateBrowser();
        var (state, nonce) = await StartLoginAsync(browser);
        RespondWithTokens(nonce, "pairwise-unsigned", credentials: null);

        using var callback = await browser.GetAsync($"/signin-hawiya?code=code-4&state={Uri.EscapeDataString(state)}");
        var html = await callback.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, callback.StatusCode);
        Assert.Contains("<code>invalid_id_token</code>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Callback_IdTokenWithAnotherNonce_IsRefused()
    {
        using var browser = fixture.Factory.CreateBrowser();
        var (state, _) = await StartLoginAsync(browser);
        RespondWithTokens("replayed-nonce", "pairwise-replay", Provider.SigningCredentials);

        using var callback = await browser.GetAsync($"/signin-hawiya?code=code-3&state={Uri.EscapeDataString(state)}");

        Assert.Equal(HttpStatusCode.BadRequest, callback.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync("/account")).StatusCode);
    }

    private static async Task<(string State, string Nonce)> StartLoginAsync(HttpClient browser)
    {
        using var challenge = await browser.GetAsync("/login");
        var query = QueryHelpers.ParseQuery(challenge.Headers.Location!.Query);
        return (query["state"].ToString(), query["nonce"].ToString());
    }

    private void RespondWithTokens(string nonce, string sub, SigningCredentials? credentials)
    {
        const string accessToken = "opaque-access-token";
        var claims = TestTokens.IdTokenClaims(Provider, sub, "sid-" + sub);
        claims["nonce"] = nonce;
        claims["at_hash"] = AtHash(accessToken);
        var idToken = TestTokens.Sign(claims, credentials, type: "JWT");
        Provider.TokenResponder = _ => Results.Json(new Dictionary<string, object>
        {
            ["access_token"] = accessToken,
            ["token_type"] = "Bearer",
            ["expires_in"] = 300,
            ["id_token"] = idToken,
        });
    }

    /// <summary>OIDC Core §3.1.3.6: left half of SHA-256 of the access token, base64url.</summary>
    private static string AtHash(string accessToken) =>
        Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(accessToken))[..16]);
}
