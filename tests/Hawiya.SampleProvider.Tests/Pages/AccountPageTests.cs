using System.Globalization;
using System.Net;
using Hawiya.SampleProvider.Authentication;
using Hawiya.SampleProvider.Tests.Support;

namespace Hawiya.SampleProvider.Tests.Pages;

public sealed class AccountPageTests(ProviderFixture fixture) : IClassFixture<ProviderFixture>
{
    [Fact]
    public async Task Account_SignedIn_ShowsSubAcrAmrAuthTimeAndEveryClaim()
    {
        var idToken = TestTokens.Sign(TestTokens.IdTokenClaims(fixture.Provider, "pairwise-7f3a", "sid-acc"), fixture.Provider.SigningCredentials, type: "JWT");
        using var browser = fixture.Factory.CreateBrowser();
        await SampleProviderFactory.SignInAsync(browser, new Dictionary<string, string>
        {
            ["sub"] = "pairwise-7f3a",
            ["sid"] = "sid-acc",
            ["id_token"] = idToken,
            ["access_token"] = "at",
            ["refresh_token"] = "rt",
            ["expires_at"] = DateTimeOffset.UtcNow.AddMinutes(30).ToString("o", CultureInfo.InvariantCulture),
            [SampleProviderSchemes.UserInfoItem] = """{"sub":"pairwise-7f3a","given_name":"Amina <script>","birthdate":"1990-02-01","email_verified":true}""",
        });

        using var response = await browser.GetAsync("/account");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        Assert.Contains("<code>pairwise-7f3a</code>", html, StringComparison.Ordinal);
        Assert.Contains("eidas2 — eIDAS substantiel", html, StringComparison.Ordinal);
        Assert.Contains("pwd (mot de passe), sms (SMS)", html, StringComparison.Ordinal);
        Assert.Contains("sid — session chez Hawiya", html, StringComparison.Ordinal);
        Assert.Contains("nonce — nonce (anti-rejeu)", html, StringComparison.Ordinal);
        Assert.Contains(fixture.Provider.Issuer, html, StringComparison.Ordinal);
        Assert.Contains("Amina &lt;script&gt;", html, StringComparison.Ordinal);
        Assert.Contains("birthdate — date de naissance", html, StringComparison.Ordinal);
        Assert.Contains("(dans 30 min)", html, StringComparison.Ordinal);
        Assert.Contains("durée non communiquée par le fournisseur", html, StringComparison.Ordinal);
        Assert.Contains("action=\"/refresh\"", html, StringComparison.Ordinal);
        Assert.Contains("action=\"/logout\"", html, StringComparison.Ordinal);
        Assert.Contains("href=\"/step-up\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Account_StepUpAskedButLowerLevelObtained_WarnsThatTheLevelIsMissing()
    {
        var claims = TestTokens.IdTokenClaims(fixture.Provider, "sub-low", "sid-low");
        claims["acr"] = "eidas1";
        using var browser = fixture.Factory.CreateBrowser();
        await SampleProviderFactory.SignInAsync(browser, new Dictionary<string, string>
        {
            ["sub"] = "sub-low",
            ["id_token"] = TestTokens.Sign(claims, fixture.Provider.SigningCredentials, type: "JWT"),
            [SampleProviderSchemes.RequestedAcrItem] = "eidas2",
        });

        var html = await browser.GetStringAsync("/account");

        Assert.Contains("Niveau demandé : <code>eidas2</code>, obtenu : <code>eidas1</code>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Login_AlreadySignedIn_GoesToAccount()
    {
        using var browser = fixture.Factory.CreateBrowser();
        await SampleProviderFactory.SignInAsync(browser, new Dictionary<string, string> { ["sub"] = "sub-again" });

        using var response = await browser.GetAsync("/login");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/account", response.Headers.Location!.OriginalString);
    }
}
