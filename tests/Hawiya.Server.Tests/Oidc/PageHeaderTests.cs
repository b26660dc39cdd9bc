using System.Net;
using System.Net.Http.Headers;
using Hawiya.Contracts.Common;
using Hawiya.Pki.Cards;
using Hawiya.Server.Operators;
using Hawiya.Server.Revocation;
using Hawiya.Server.Tests.CitizenApp;
using Microsoft.Extensions.DependencyInjection;
using CardIdentity = Hawiya.Pki.Identity.PivotIdentity;

namespace Hawiya.Server.Tests.Oidc;

/// <summary>Every page of the server refuses to be framed, cached or named in a referrer, and runs no script.</summary>
[Collection(OidcCollection.Name)]
public sealed class PageHeaderTests(OidcServer server)
{
    private const string CardClientId = "card-pages";

    private static void AssertHardened(BrowserStop page, string kind) => HardenedPage.Assert(page.Headers, page.Html, kind);

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

    [Fact]
    public async Task LoginPages_PasswordAndPushWait_SendTheFramingCachingAndReferrerHeaders()
    {
        var citizen = await server.NewCitizenAsync();
        using var app = await CitizenAppClient.EnrolledAsync(server, citizen);

        var (browser, _, push) = await CitizenAppClient.ChooseAsync(server, citizen, AuthMethod.Push);
        using var _ = browser;
        Assert.True(push.IsPage("device_check"));
        AssertHardened(push, "push wait");
        var waiting = await browser.PostStepAsync("device_check");
        AssertHardened(waiting, "push wait, again");

        var (other, _, password) = await CitizenAppClient.ChooseAsync(server, citizen, AuthMethod.Password);
        using var __ = other;
        Assert.True(password.IsPage("password"));
        AssertHardened(password, "password");
    }

    [Fact]
    public async Task CardPairingPage_SendsTheFramingCachingAndReferrerHeaders()
    {
        var report = await server.Seeding.SeedProvidersAsync(
        [
            new ProviderSeed(CardClientId, "Portail carte", [OidcServer.RedirectUri], ["openid", "profile"],
                [AuthMethod.Password, AuthMethod.Card, AuthMethod.CardPin], Sector: "card-pages.example.ma", ClientSecret: OidcServer.ClientSecret),
        ], CancellationToken.None);
        Assert.Empty(report.Failures);
        var citizen = await NewCardholderAsync();
        using var browser = new Browser(server.Issuer);
        await browser.OpenAsync(new AuthorizationRequest(CardClientId, "openid profile").Url());
        await browser.PostStepAsync("identify", ("national_number", citizen.Number));

        var pairing = await browser.PostStepAsync("method", ("method", nameof(AuthMethod.CardPin)));

        Assert.True(pairing.IsPage("card"), pairing.Html);
        Assert.Contains("pairing-code", pairing.Html, StringComparison.Ordinal);
        AssertHardened(pairing, "card pairing");
        AssertHardened(await browser.PostStepAsync("card"), "card pairing, again");
    }

    [Theory]
    [InlineData("client_id=no-such-service&response_type=code&scope=openid&redirect_uri=http%3A%2F%2F127.0.0.1%3A7001%2Fcallback", HttpStatusCode.BadRequest)]
    [InlineData("client_id=tax-portal&response_type=code&scope=openid&redirect_uri=https%3A%2F%2Fevil.example%2F", HttpStatusCode.BadRequest)]
    public async Task AuthorizationErrorPage_SendsTheFramingCachingAndReferrerHeaders(string query, HttpStatusCode status)
    {
        using var browser = new Browser(server.Issuer);

        var error = await browser.OpenAsync("/connect/authorize?" + query);

        Assert.Equal(status, error.Status);
        Assert.Null(error.Location);
        AssertHardened(error, "authorization error");
    }

    [Fact]
    public async Task OperatorClusterView_AsHtml_SendsTheFramingCachingAndReferrerHeaders()
    {
        using var http = new HttpClient { BaseAddress = server.Issuer };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/operator/cluster");
        request.Headers.Authorization = ServerFactory.Basic("operator", ServerFactory.OperatorToken);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/html"));

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        HardenedPage.Assert(HardenedPage.Headers(response), await response.Content.ReadAsStringAsync(), "cluster view");
    }

    /// <summary>A citizen enrolled for card + PIN, with a card the server's card CA personalised for them.</summary>
    private async Task<TestCitizen> NewCardholderAsync()
    {
        var citizen = await server.NewCitizenAsync(AuthMethod.Password, AuthMethod.CardPin, AuthMethod.Card);
        var hierarchy = server.Services.GetRequiredService<CardCaPki>().Hierarchy;
        var cardNumber = "K" + Guid.NewGuid().ToString("N")[..10].ToUpperInvariant();
        var file = new CardPersonaliser(hierarchy, TimeProvider.System).Personalise(
            new PersonalisationRequest(cardNumber, citizen.Number,
                new CardIdentity(["Salma"], "Alaoui", "Alaoui", Hawiya.Pki.Identity.Gender.Female, new DateOnly(1992, 5, 14), "Rabat", "MAR"), [0xFF, 0xD8, 0xFF, 0xD9])
            {
                ValidFrom = DateTimeOffset.UtcNow.AddDays(-1),
                Pin = "1234",
            });
        var seeded = await server.Seeding.SeedCardsAsync([new CardSeed(cardNumber, citizen.Number, Convert.ToBase64String(file.Certificate))], CancellationToken.None);
        Assert.Empty(seeded.Failures);
        return citizen;
    }
}

/// <summary>The headers every HTML page of the server sends (see LoginPageResult).</summary>
internal static class HardenedPage
{
    public static void Assert(IReadOnlyDictionary<string, string> headers, string html, string kind)
    {
        Xunit.Assert.True(headers.TryGetValue("Content-Security-Policy", out var csp), $"{kind}: no Content-Security-Policy");
        Xunit.Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Xunit.Assert.Contains("default-src 'none'", csp, StringComparison.Ordinal);
        // No inline script is allowed: the policy names no script source at all.
        Xunit.Assert.DoesNotContain("script-src", csp, StringComparison.Ordinal);
        Xunit.Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Xunit.Assert.Equal("DENY", headers["X-Frame-Options"]);
        Xunit.Assert.Equal("no-store", headers["Cache-Control"]);
        Xunit.Assert.Equal("no-referrer", headers["Referrer-Policy"]);
        Xunit.Assert.Equal("nosniff", headers["X-Content-Type-Options"]);
    }

    public static IReadOnlyDictionary<string, string> Headers(HttpResponseMessage response) =>
        response.Headers.Concat(response.Content.Headers)
            .ToDictionary(h => h.Key, h => string.Join(", ", h.Value), StringComparer.OrdinalIgnoreCase);
}
