using System.Net;
using System.Security.Cryptography;
using System.Text;
using Hawiya.SampleProvider.Tests.Support;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.IdentityModel.Tokens;

namespace Hawiya.SampleProvider.Tests.Hosting;

/// <summary>
/// Two instances of the site on one shared key ring (the test database), as two replicas behind a
/// balancer: a login started on one completes on the other, whose handler must open the first one's
/// correlation and nonce cookies and its protected state.
/// </summary>
public sealed class SharedKeyRingTests(ProviderFixture fixture) : IClassFixture<ProviderFixture>
{
    private static readonly string ConnectionString =
        Environment.GetEnvironmentVariable("HAWIYA_TEST_DB")
        ?? "Host=127.0.0.1;Port=5432;Database=hawiya_test;Username=hawiya;Password=DEV-ONLY-hawiya";

    private static Dictionary<string, string?> KeyRing(string keyId, string key) => new()
    {
        ["KeyRing:ConnectionString"] = ConnectionString,
        ["KeyRing:EncryptionKeys:0:KeyId"] = keyId,
        ["KeyRing:EncryptionKeys:0:Key"] = key,
    };

    [Fact]
    public async Task Callback_OnAnotherInstanceOfTheSharedKeyRing_CompletesTheLogin()
    {
        var settings = KeyRing("test-" + Guid.NewGuid().ToString("N")[..8], Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
        await using var first = new SampleProviderFactory(fixture.Provider, settings: settings);
        await using var second = new SampleProviderFactory(fixture.Provider, settings: settings);

        var (cookies, state, nonce) = await StartLoginAsync(first);
        var callback = await CallbackAsync(second, cookies, state, nonce, "pairwise-replica");

        Assert.Equal(HttpStatusCode.Redirect, callback.StatusCode);
        Assert.Equal("/account", callback.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Callback_OnAnInstanceWithItsOwnKeyRing_IsRefused()
    {
        var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        await using var first = new SampleProviderFactory(fixture.Provider, settings: KeyRing("test-" + Guid.NewGuid().ToString("N")[..8], key));
        await using var alone = new SampleProviderFactory(fixture.Provider);

        var (cookies, state, nonce) = await StartLoginAsync(first);
        var callback = await CallbackAsync(alone, cookies, state, nonce, "pairwise-alone");

        Assert.NotEqual(HttpStatusCode.Redirect, callback.StatusCode);
        Assert.DoesNotContain(fixture.Provider.RequestsTo("/token"), r => r.Form.GetValueOrDefault("code") == "code-alone");
    }

    private static async Task<(string Cookies, string State, string Nonce)> StartLoginAsync(SampleProviderFactory site)
    {
        using var browser = site.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        using var challenge = await browser.GetAsync("/login");
        Assert.Equal(HttpStatusCode.Redirect, challenge.StatusCode);
        var query = QueryHelpers.ParseQuery(challenge.Headers.Location!.Query);
        // The browser sends back the correlation and nonce cookies the challenge set.
        var cookies = string.Join("; ", challenge.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]));
        return (cookies, query["state"].ToString(), query["nonce"].ToString());
    }

    private async Task<HttpResponseMessage> CallbackAsync(SampleProviderFactory site, string cookies, string state, string nonce, string sub)
    {
        RespondWithTokens(nonce, sub);
        using var browser = site.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        var code = sub == "pairwise-alone" ? "code-alone" : "code-replica";
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/signin-hawiya?code={code}&state={Uri.EscapeDataString(state)}");
        request.Headers.Add("Cookie", cookies);
        return await browser.SendAsync(request);
    }

    private void RespondWithTokens(string nonce, string sub)
    {
        const string accessToken = "opaque-access-token";
        fixture.Provider.UserInfo = $$"""{"sub":"{{sub}}"}""";
        var claims = TestTokens.IdTokenClaims(fixture.Provider, sub, "sid-" + sub);
        claims["nonce"] = nonce;
        claims["at_hash"] = Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(accessToken))[..16]);
        var idToken = TestTokens.Sign(claims, fixture.Provider.SigningCredentials, type: "JWT");
        fixture.Provider.TokenResponder = _ => Results.Json(new Dictionary<string, object>
        {
            ["access_token"] = accessToken,
            ["token_type"] = "Bearer",
            ["expires_in"] = 300,
            ["id_token"] = idToken,
        });
    }
}
