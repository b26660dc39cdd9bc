using System.Net;

namespace Hawiya.Server.Tests.Oidc;

/// <summary>
/// A request token, a code or a refresh token redeemed by two requests at once: one wins, the
/// other gets the protocol's error (never a 500), and what the winner got is redeemable once.
/// The redemption is carried by the entry issued in its place or written as it is made
/// (docs/architecture.md, "Token entries"): these are the races that design must lose cleanly.
/// </summary>
[Collection(OidcCollection.Name)]
public sealed class ConcurrentRedemptionTests(OidcServer server)
{
    [Fact]
    public async Task Consent_PostedTwiceAtOnce_OneCodeAndNoServerError()
    {
        var citizen = await server.NewCitizenAsync();
        var request = new AuthorizationRequest(OidcServer.ClientId, "openid profile email");
        using var browser = new Browser(server.Issuer);
        await browser.OpenAsync(request.Url());
        var consent = await Login.WithPasswordAsync(browser, citizen.Number, consent: false);
        Assert.True(consent.IsPage("consent"), "the consent page should be shown");
        var action = Hawiya.CitizenApp.LoginForms.ActionOf(consent.Html, "consent");

        var answers = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ =>
            browser.SendStepAsync(action, "consent", ("decision", "accept"))));

        Assert.All(answers, a => Assert.True((int)a.StatusCode < 500, $"answered {(int)a.StatusCode}"));
        var codes = answers
            .Select(a => a.Headers.Location is { } location ? new BrowserStop(a.StatusCode, string.Empty, location) : null)
            .Where(s => s?.Location?.Authority == new Uri(request.RedirectUri).Authority && s.Query.ContainsKey("code"))
            .Select(s => s!.Query["code"])
            .ToArray();
        Assert.Single(codes);
        using var client = new OidcClient(server);
        var (status, _) = await client.RedeemAsync(codes[0], request);
        Assert.Equal(HttpStatusCode.OK, status);
    }

    [Theory]
    [InlineData("openid profile email")]
    [InlineData("openid profile email offline_access")]
    public async Task Code_RedeemedTwiceAtOnce_OneTokenResponseAndOneInvalidGrant(string scope)
    {
        var citizen = await server.NewCitizenAsync();
        var (code, request, browser) = await Login.CodeAsync(server, citizen.Number, new AuthorizationRequest(OidcServer.ClientId, scope));
        browser.Dispose();
        using var first = new OidcClient(server);
        using var second = new OidcClient(server);

        var answers = await Task.WhenAll(first.RedeemAsync(code, request), second.RedeemAsync(code, request));

        Assert.Single(answers, a => a.Status == HttpStatusCode.OK);
        var refused = Assert.Single(answers, a => a.Status != HttpStatusCode.OK);
        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        Assert.Equal("invalid_grant", refused.Body.GetProperty("error").GetString());
    }
}
