using System.Net;
using System.Text;
using Hawiya.SampleProvider.Tests.Support;
using Microsoft.AspNetCore.WebUtilities;

namespace Hawiya.SampleProvider.Tests.Authentication;

/// <summary>The authorization request the site sends (OIDC Core §3.1.2.1, RFC 7636 §4.3).</summary>
public sealed class LoginChallengeTests(ProviderFixture fixture) : IClassFixture<ProviderFixture>
{
    [Fact]
    public async Task Account_Anonymous_RedirectsToAuthorizeEndpointWithPkce()
    {
        using var browser = fixture.Factory.CreateBrowser();

        using var response = await browser.GetAsync("/account");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!;
        Assert.StartsWith(fixture.Provider.Issuer + "/authorize?", location.AbsoluteUri, StringComparison.Ordinal);
        var query = QueryHelpers.ParseQuery(location.Query);
        Assert.Equal("code", query["response_type"]);
        Assert.Equal("demo-sp", query["client_id"]);
        Assert.Equal("http://localhost/signin-hawiya", query["redirect_uri"]);
        Assert.Equal("openid profile email phone offline_access", query["scope"]);
        Assert.Equal("S256", query["code_challenge_method"]);
        Assert.Equal(43, query["code_challenge"].ToString().Length);
        Assert.False(string.IsNullOrEmpty(query["state"]));
        Assert.False(string.IsNullOrEmpty(query["nonce"]));
        Assert.False(query.ContainsKey("client_secret"));
        Assert.False(query.ContainsKey("x-client-SKU"));
        Assert.False(query.ContainsKey("acr_values"));
    }

    [Fact]
    public async Task Login_Anonymous_SetsCorrelationAndNonceCookiesForTheCallback()
    {
        using var browser = fixture.Factory.CreateBrowser();

        using var response = await browser.GetAsync("/login");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var cookies = response.Headers.GetValues("Set-Cookie").ToList();
        Assert.Contains(cookies, c => c.StartsWith(".AspNetCore.Correlation.", StringComparison.Ordinal) && c.Contains("samesite=lax", StringComparison.OrdinalIgnoreCase));
        Assert.Contains(cookies, c => c.StartsWith(".AspNetCore.OpenIdConnect.Nonce.", StringComparison.Ordinal) && c.Contains("httponly", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task StepUp_Anonymous_AsksForEidas2WithPromptLogin()
    {
        using var browser = fixture.Factory.CreateBrowser();

        using var response = await browser.GetAsync("/step-up");

        var query = QueryHelpers.ParseQuery(response.Headers.Location!.Query);
        Assert.Equal("eidas2", query["acr_values"]);
        Assert.Equal("login", query["prompt"]);
        Assert.Equal("S256", query["code_challenge_method"]);
    }

    [Fact]
    public async Task Login_AcrValuesConfigured_SendsThem()
    {
        await using var factory = new SampleProviderFactory(fixture.Provider, settings: new Dictionary<string, string?>
        {
            ["SampleProvider:AcrValues"] = "eidas1",
        });
        using var browser = factory.CreateBrowser();

        using var response = await browser.GetAsync("/login");

        Assert.Equal("eidas1", QueryHelpers.ParseQuery(response.Headers.Location!.Query)["acr_values"]);
    }
}

/// <summary>Pushed authorization requests (RFC 9126) and how the client authenticates at the PAR endpoint.</summary>
public sealed class PushedAuthorizationTests(ParProviderFixture fixture) : IClassFixture<ParProviderFixture>
{
    [Fact]
    public async Task Login_ProviderAdvertisesPar_PushesParametersWithClientSecretBasic()
    {
        fixture.Provider.Requests.Clear();
        using var browser = fixture.Factory.CreateBrowser();

        using var response = await browser.GetAsync("/login");

        // RFC 9126 §4: the browser carries only client_id and request_uri.
        var query = QueryHelpers.ParseQuery(response.Headers.Location!.Query);
        Assert.Equal(["client_id", "request_uri"], query.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(FakeProvider.RequestUri, query["request_uri"]);

        var pushed = Assert.Single(fixture.Provider.RequestsTo("/par"));
        Assert.Equal("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("demo-sp:DEV-ONLY-demo-sp-secret")), pushed.Authorization);
        Assert.False(pushed.Form.ContainsKey("client_secret"));
        Assert.Equal("demo-sp", pushed.Form["client_id"]);
        Assert.Equal("S256", pushed.Form["code_challenge_method"]);
        Assert.True(pushed.Form.ContainsKey("nonce"));
        Assert.True(pushed.Form.ContainsKey("state"));
    }

    [Fact]
    public async Task Login_ClientSecretPostConfigured_PushesSecretInBody()
    {
        await using var factory = new SampleProviderFactory(fixture.Provider, settings: new Dictionary<string, string?>
        {
            ["SampleProvider:ClientAuthenticationMethod"] = "client_secret_post",
        });
        fixture.Provider.Requests.Clear();
        using var browser = factory.CreateBrowser();

        using var response = await browser.GetAsync("/login");

        var pushed = Assert.Single(fixture.Provider.RequestsTo("/par"));
        Assert.Null(pushed.Authorization);
        Assert.Equal("DEV-ONLY-demo-sp-secret", pushed.Form["client_secret"]);
    }
}
