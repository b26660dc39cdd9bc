using System.Net;
using Hawiya.SampleProvider.Tests.Support;
using Microsoft.AspNetCore.WebUtilities;

namespace Hawiya.SampleProvider.Tests.Authentication;

/// <summary>What the site does with the provider's answers: errors on the callback, and RP-initiated logout.</summary>
public sealed class HawiyaOpenIdConnectEventsTests(ProviderFixture fixture) : IClassFixture<ProviderFixture>
{
    [Fact]
    public async Task Callback_ProviderReturnsAccessDenied_ShowsFriendlyErrorPage()
    {
        using var browser = fixture.Factory.CreateBrowser();
        var state = await StartLoginAsync(browser);

        using var response = await browser.GetAsync(
            $"/signin-hawiya?error=access_denied&error_description={Uri.EscapeDataString("Le citoyen a refusé <b>")}&state={Uri.EscapeDataString(state)}");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("<code>access_denied</code>", html, StringComparison.Ordinal);
        Assert.Contains("Le citoyen a refusé &lt;b&gt;", html, StringComparison.Ordinal);
        Assert.Contains("Vous avez refusé ou annulé la connexion", html, StringComparison.Ordinal);
        AssertNoStackTrace(html);
    }

    [Fact]
    public async Task Callback_ProviderReturnsLoginRequired_ShowsItsCode()
    {
        using var browser = fixture.Factory.CreateBrowser();
        var state = await StartLoginAsync(browser);

        using var response = await browser.GetAsync($"/signin-hawiya?error=login_required&state={Uri.EscapeDataString(state)}");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("<code>login_required</code>", html, StringComparison.Ordinal);
        AssertNoStackTrace(html);
    }

    [Fact]
    public async Task Callback_ForgedState_ShowsFriendlyErrorPage()
    {
        using var browser = fixture.Factory.CreateBrowser();

        using var response = await browser.GetAsync("/signin-hawiya?code=stolen&state=forged");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("<code>login_failed</code>", html, StringComparison.Ordinal);
        AssertNoStackTrace(html);
    }

    [Fact]
    public async Task Callback_TokenEndpointRefusesCode_ShowsProviderError()
    {
        fixture.Provider.TokenResponder = _ => Microsoft.AspNetCore.Http.Results.Json(
            new Dictionary<string, string> { ["error"] = "invalid_grant", ["error_description"] = "code already used" }, statusCode: 400);
        using var browser = fixture.Factory.CreateBrowser();
        var state = await StartLoginAsync(browser);

        using var response = await browser.GetAsync($"/signin-hawiya?code=abc&state={Uri.EscapeDataString(state)}");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("<code>invalid_grant</code>", html, StringComparison.Ordinal);
        Assert.Contains("code already used", html, StringComparison.Ordinal);
        var redemption = fixture.Provider.RequestsTo("/token").Last();
        Assert.StartsWith("Basic ", redemption.Authorization, StringComparison.Ordinal);
        Assert.False(redemption.Form.ContainsKey("client_secret"));
        Assert.Equal(43, redemption.Form["code_verifier"].Length);
    }

    [Fact]
    public async Task Logout_SignedIn_EndsLocalSessionAndRedirectsToEndSessionEndpoint()
    {
        using var browser = fixture.Factory.CreateBrowser();
        await SampleProviderFactory.SignInAsync(browser, new Dictionary<string, string>
        {
            ["sub"] = "sub-logout", ["sid"] = "sid-logout", ["id_token"] = "header.payload.signature",
        });
        var token = await SampleProviderFactory.AntiforgeryTokenAsync(browser, "/account");

        using var response = await SampleProviderFactory.PostFormAsync(browser, "/logout", token);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith(fixture.Provider.Issuer + "/logout?", response.Headers.Location!.AbsoluteUri, StringComparison.Ordinal);
        var query = QueryHelpers.ParseQuery(response.Headers.Location.Query);
        Assert.Equal("header.payload.signature", query["id_token_hint"]);
        Assert.Equal("http://localhost/", query["post_logout_redirect_uri"]);
        Assert.Equal("demo-sp", query["client_id"]);

        using var after = await browser.GetAsync("/account");
        Assert.StartsWith(fixture.Provider.Issuer + "/authorize", after.Headers.Location!.AbsoluteUri, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Logout_WithoutAntiforgeryToken_Returns400()
    {
        using var browser = fixture.Factory.CreateBrowser();
        await SampleProviderFactory.SignInAsync(browser, new Dictionary<string, string> { ["sub"] = "sub-csrf" });

        using var response = await browser.PostAsync("/logout", new FormUrlEncodedContent(new Dictionary<string, string>()));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var account = await browser.GetAsync("/account");
        Assert.Equal(HttpStatusCode.OK, account.StatusCode);
    }

    /// <summary>Starts a login and returns the state the provider would echo back.</summary>
    private static async Task<string> StartLoginAsync(HttpClient browser)
    {
        using var challenge = await browser.GetAsync("/login");
        return QueryHelpers.ParseQuery(challenge.Headers.Location!.Query)["state"].ToString();
    }

    private static void AssertNoStackTrace(string html)
    {
        Assert.DoesNotContain("Exception", html, StringComparison.Ordinal);
        Assert.DoesNotContain(" at Microsoft.", html, StringComparison.Ordinal);
    }
}
