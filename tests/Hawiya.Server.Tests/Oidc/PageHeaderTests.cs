namespace Hawiya.Server.Tests.Oidc;

/// <summary>Every login page refuses to be framed, cached or named in a referrer.</summary>
[Collection(OidcCollection.Name)]
public sealed class PageHeaderTests(OidcServer server)
{
    private static void AssertHardened(BrowserStop page, string kind)
    {
        Assert.True(page.Headers.TryGetValue("Content-Security-Policy", out var csp), $"{kind}: no Content-Security-Policy");
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.Contains("default-src 'none'", csp, StringComparison.Ordinal);
        // No inline script is allowed: the policy names no script source at all.
        Assert.DoesNotContain("script-src", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", page.Html, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("DENY", page.Headers["X-Frame-Options"]);
        Assert.Equal("no-store", page.Headers["Cache-Control"]);
        Assert.Equal("no-referrer", page.Headers["Referrer-Policy"]);
        Assert.Equal("nosniff", page.Headers["X-Content-Type-Options"]);
    }

    [Fact]
    public async Task LoginPages_EachKind_SendTheFramingCachingAndReferrerHeaders()
    {
        var citizen = await server.NewCitizenAsync();
        using var browser = new Browser(server.Issuer);

        var identify = await browser.OpenAsync(new AuthorizationRequest(OidcServer.ClientId).Url());
        Assert.True(identify.IsPage("identify"));
        AssertHardened(identify, "identify");

        var methods = await browser.PostStepAsync("identify", ("national_number", citizen.Number));
        Assert.True(methods.IsPage("method"));
        AssertHardened(methods, "methods");

        var code = await browser.PostStepAsync("method", ("method", "Sms"));
        Assert.True(code.IsPage("code"));
        AssertHardened(code, "code");

        var wrong = await browser.PostStepAsync("code", ("code", "000000"));
        AssertHardened(wrong, "code retry");

        var consent = await browser.PostStepAsync("code", ("code", Login.LatestCode(server, citizen.Phone)));
        Assert.True(consent.IsPage("consent"));
        AssertHardened(consent, "consent");
    }

    [Fact]
    public async Task LoginPage_OfAnotherBrowser_IsAHardenedErrorPage()
    {
        var citizen = await server.NewCitizenAsync();
        using var owner = new Browser(server.Issuer);
        var request = new AuthorizationRequest(OidcServer.ClientId);
        var identify = await owner.OpenAsync(request.Url());
        Assert.True(identify.IsPage("identify"));
        await owner.PostStepAsync("identify", ("national_number", citizen.Number));

        // The same request_uri opened without the flow cookie: the page that refuses it.
        var requestUri = System.Text.RegularExpressions.Regex.Match(identify.Html, "name=\"request_uri\" value=\"([^\"]*)\"").Groups[1].Value;
        using var stranger = new Browser(server.Issuer);
        var refused = await stranger.OpenAsync($"/connect/authorize?client_id={OidcServer.ClientId}&request_uri={Uri.EscapeDataString(System.Net.WebUtility.HtmlDecode(requestUri))}");

        Assert.Equal(System.Net.HttpStatusCode.Forbidden, refused.Status);
        AssertHardened(refused, "foreign browser");
    }
}
