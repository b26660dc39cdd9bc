using System.Net;
using System.Text.Json;
using Hawiya.SampleProvider.Tests.Support;

namespace Hawiya.SampleProvider.Tests.BackchannelLogout;

/// <summary>The logout token receiver (OIDC Back-Channel Logout 1.0 §2.5–§2.8).</summary>
public sealed class BackchannelLogoutEndpointTests(ProviderFixture fixture) : IClassFixture<ProviderFixture>
{
    private FakeProvider Provider => fixture.Provider;

    [Fact]
    public async Task BackchannelLogout_ValidToken_Returns200()
    {
        var token = TestTokens.Sign(TestTokens.LogoutClaims(Provider, "sid-valid", "sub-valid"), Provider.SigningCredentials);

        using var response = await PostLogoutTokenAsync(token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
    }

    [Fact]
    public async Task BackchannelLogout_ValidTokenForSid_EndsThatSessionOnly()
    {
        using var ended = fixture.Factory.CreateBrowser();
        using var other = fixture.Factory.CreateBrowser();
        await SampleProviderFactory.SignInAsync(ended, new Dictionary<string, string> { ["sub"] = "sub-a", ["sid"] = "sid-a1" });
        await SampleProviderFactory.SignInAsync(other, new Dictionary<string, string> { ["sub"] = "sub-a", ["sid"] = "sid-a2" });
        Assert.Equal(HttpStatusCode.OK, (await ended.GetAsync("/account")).StatusCode);

        using var logout = await PostLogoutTokenAsync(
            TestTokens.Sign(TestTokens.LogoutClaims(Provider, "sid-a1", "sub-a"), Provider.SigningCredentials));

        Assert.Equal(HttpStatusCode.OK, logout.StatusCode);
        using var endedAccount = await ended.GetAsync("/account");
        Assert.Equal(HttpStatusCode.Redirect, endedAccount.StatusCode);
        Assert.StartsWith(Provider.Issuer + "/authorize", endedAccount.Headers.Location!.AbsoluteUri, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await other.GetAsync("/account")).StatusCode);
    }

    [Fact]
    public async Task BackchannelLogout_ValidTokenForSubOnly_EndsEverySessionOfThatUser()
    {
        using var first = fixture.Factory.CreateBrowser();
        using var second = fixture.Factory.CreateBrowser();
        await SampleProviderFactory.SignInAsync(first, new Dictionary<string, string> { ["sub"] = "sub-b", ["sid"] = "sid-b1" });
        await SampleProviderFactory.SignInAsync(second, new Dictionary<string, string> { ["sub"] = "sub-b", ["sid"] = "sid-b2" });

        using var logout = await PostLogoutTokenAsync(
            TestTokens.Sign(TestTokens.LogoutClaims(Provider, sid: null, sub: "sub-b"), Provider.SigningCredentials));

        Assert.Equal(HttpStatusCode.OK, logout.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await first.GetAsync("/account")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await second.GetAsync("/account")).StatusCode);
    }

    [Fact]
    public async Task BackchannelLogout_BadSignature_Returns400()
    {
        var token = TestTokens.Sign(TestTokens.LogoutClaims(Provider, "sid-x", "sub-x"), TestTokens.ImpostorCredentials());

        await AssertRefusedAsync(token, "signature");
    }

    [Fact]
    public async Task BackchannelLogout_HasNonce_Returns400()
    {
        var claims = TestTokens.LogoutClaims(Provider, "sid-x", "sub-x");
        claims["nonce"] = "n-0S6_WzA2Mj";

        await AssertRefusedAsync(TestTokens.Sign(claims, Provider.SigningCredentials), "nonce");
    }

    [Fact]
    public async Task BackchannelLogout_WrongAudience_Returns400()
    {
        var claims = TestTokens.LogoutClaims(Provider, "sid-x", "sub-x");
        claims["aud"] = "another-sp";

        await AssertRefusedAsync(TestTokens.Sign(claims, Provider.SigningCredentials), "aud");
    }

    [Fact]
    public async Task BackchannelLogout_WrongIssuer_Returns400()
    {
        var claims = TestTokens.LogoutClaims(Provider, "sid-x", "sub-x");
        claims["iss"] = "https://impostor.example";

        await AssertRefusedAsync(TestTokens.Sign(claims, Provider.SigningCredentials), "iss");
    }

    [Fact]
    public async Task BackchannelLogout_MissingEvents_Returns400()
    {
        var claims = TestTokens.LogoutClaims(Provider, "sid-x", "sub-x");
        claims.Remove("events");

        await AssertRefusedAsync(TestTokens.Sign(claims, Provider.SigningCredentials), "events");
    }

    [Fact]
    public async Task BackchannelLogout_EventsWithoutLogoutEvent_Returns400()
    {
        var claims = TestTokens.LogoutClaims(Provider, "sid-x", "sub-x");
        claims["events"] = new Dictionary<string, object> { ["https://schemas.example/other-event"] = new Dictionary<string, object>() };

        await AssertRefusedAsync(TestTokens.Sign(claims, Provider.SigningCredentials), "events");
    }

    [Fact]
    public async Task BackchannelLogout_NeitherSidNorSub_Returns400()
    {
        var token = TestTokens.Sign(TestTokens.LogoutClaims(Provider, sid: null, sub: null), Provider.SigningCredentials);

        await AssertRefusedAsync(token, "neither sid nor sub");
    }

    [Fact]
    public async Task BackchannelLogout_MissingIat_Returns400()
    {
        var claims = TestTokens.LogoutClaims(Provider, "sid-x", "sub-x");
        claims.Remove("iat");

        await AssertRefusedAsync(TestTokens.Sign(claims, Provider.SigningCredentials), "iat");
    }

    [Fact]
    public async Task BackchannelLogout_Expired_Returns400()
    {
        var claims = TestTokens.LogoutClaims(Provider, "sid-x", "sub-x");
        claims["iat"] = TestTokens.Now - 3600;
        claims["exp"] = TestTokens.Now - 3000;

        await AssertRefusedAsync(TestTokens.Sign(claims, Provider.SigningCredentials), "expired");
    }

    [Fact]
    public async Task BackchannelLogout_AccessTokenType_Returns400()
    {
        var token = TestTokens.Sign(TestTokens.LogoutClaims(Provider, "sid-x", "sub-x"), Provider.SigningCredentials, type: "at+jwt");

        await AssertRefusedAsync(token, "typ");
    }

    [Fact]
    public async Task BackchannelLogout_IdTokenInstead_Returns400()
    {
        var token = TestTokens.Sign(TestTokens.IdTokenClaims(Provider, "sub-x", "sid-x"), Provider.SigningCredentials, type: "JWT");

        await AssertRefusedAsync(token, "events");
    }

    [Fact]
    public async Task BackchannelLogout_NotAJwt_Returns400()
    {
        await AssertRefusedAsync("not-a-token", "not a JWT");
    }

    [Fact]
    public async Task BackchannelLogout_NoLogoutToken_Returns400()
    {
        using var browser = fixture.Factory.CreateBrowser();

        using var response = await browser.PostAsync("/backchannel-logout", new FormUrlEncodedContent(new Dictionary<string, string>()));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("invalid_request", (await ReadErrorAsync(response)).Error);
    }

    private async Task<HttpResponseMessage> PostLogoutTokenAsync(string token)
    {
        using var server = fixture.Factory.CreateClient();
        return await server.PostAsync("/backchannel-logout",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["logout_token"] = token }));
    }

    private async Task AssertRefusedAsync(string token, string reason)
    {
        using var response = await PostLogoutTokenAsync(token);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var (error, description) = await ReadErrorAsync(response);
        Assert.Equal("invalid_request", error);
        Assert.Contains(reason, description, StringComparison.Ordinal);
    }

    private static async Task<(string Error, string Description)> ReadErrorAsync(HttpResponseMessage response)
    {
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return (body.RootElement.GetProperty("error").GetString()!, body.RootElement.GetProperty("error_description").GetString()!);
    }
}
