using System.Net.Http.Json;
using System.Text.Json;
using Hawiya.Portal.Tests.Support;
using Microsoft.Playwright;

namespace Hawiya.Portal.Tests.Browser;

/// <summary>The portal in Chromium, end to end: Hawiya's login pages, the sample provider, the portal's forms.</summary>
[Collection(PortalCollection.Name)]
public sealed class PortalBrowserTests(PortalStack stack) : IAsyncLifetime
{
    private IBrowserContext _context = null!;
    private IPage _page = null!;

    public async Task InitializeAsync()
    {
        _context = await stack.Browser.NewContextAsync(new BrowserNewContextOptions { Locale = "fr-FR" });
        _page = await _context.NewPageAsync();
    }

    public async Task DisposeAsync() => await _context.DisposeAsync();

    [Fact]
    public async Task Activity_AfterALoginAtTheSampleProvider_ShowsThatUse()
    {
        var citizen = await stack.NewCitizenAsync();
        await LogInAtSampleProviderAsync(citizen);

        await OpenPortalAsync(citizen, "/activity");

        var use = _page.Locator($"#activity li[data-kind=Use][data-client={PortalStack.SampleClientId}]");
        Assert.Equal(1, await use.CountAsync());
        Assert.Contains(PortalStack.SampleName, await use.InnerTextAsync(), StringComparison.Ordinal);
        Assert.Contains("eidas1", await use.InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal("fr", await _page.GetAttributeAsync("html", "lang"));
    }

    [Fact]
    public async Task Consents_RevokeTheSampleProvider_RemovesItsConsentAndEndsItsSession()
    {
        var citizen = await stack.NewCitizenAsync();
        await LogInAtSampleProviderAsync(citizen);
        await OpenPortalAsync(citizen, "/consents");
        var consent = _page.Locator($"#consents li[data-client={PortalStack.SampleClientId}]");
        Assert.Equal(1, await consent.CountAsync());

        await _page.ClickAndWaitAsync(consent.Locator("button"));

        Assert.EndsWith("/consents?revoked=1", _page.Url, StringComparison.Ordinal);
        Assert.Equal(0, await _page.Locator($"li[data-client={PortalStack.SampleClientId}]").CountAsync());
        await _page.GotoAsync(new Uri(stack.Portal, "/activity").ToString());
        Assert.Equal(1, await _page.Locator($"#activity li[data-kind=ConsentRevoked][data-client={PortalStack.SampleClientId}]").CountAsync());
    }

    [Fact]
    public async Task Methods_TurnEmailOff_AsksForAStepUpThenTurnsItOff()
    {
        var citizen = await stack.NewCitizenAsync();
        await OpenPortalAsync(citizen, "/methods", "Password");
        var email = "#methods li[data-method=Email]";
        Assert.Equal("true", await _page.GetAttributeAsync(email, "data-enabled"));
        Assert.Equal(1, await _page.Locator("#no-devices").CountAsync());
        Assert.Contains("application Hawiya", await _page.Locator("#devices-in-app").InnerTextAsync(), StringComparison.Ordinal);

        // The login was eidas1 (password): the API asks for eidas2, and Hawiya asks for the missing factor.
        await _page.ClickAndWaitAsync(_page.Locator($"{email} button"));
        Assert.StartsWith(stack.Issuer.ToString(), _page.Url, StringComparison.Ordinal);
        await new HawiyaLogin(stack, citizen) { Methods = ["Sms", "Password"] }.CompleteAsync(_page);
        Assert.EndsWith("/methods?stepup=1", _page.Url, StringComparison.Ordinal);

        await _page.ClickAndWaitAsync(_page.Locator($"{email} button"));

        Assert.EndsWith("/methods?done=1", _page.Url, StringComparison.Ordinal);
        Assert.Equal("false", await _page.GetAttributeAsync(email, "data-enabled"));
        Assert.Equal("true", await _page.GetAttributeAsync("#methods li[data-method=Password]", "data-enabled"));
    }

    [Fact]
    public async Task NotMe_Pressed_FreezesTheIdentityAndEndsTheSampleProviderSession()
    {
        var citizen = await stack.NewCitizenAsync();
        await LogInAtSampleProviderAsync(citizen);
        await _page.GotoAsync(stack.SampleProvider.ToString());
        Assert.Equal(1, await _page.Locator("a[href='/account']").CountAsync());

        await OpenPortalAsync(citizen, "/not-me");
        await _page.ClickAndWaitAsync(_page.Locator("form[action='/not-me'] button"));

        Assert.EndsWith("/frozen", _page.Url, StringComparison.Ordinal);
        Assert.Equal(1, await _page.Locator("#frozen").CountAsync());
        var status = await stack.Operator.GetFromJsonAsync<JsonElement>($"/operator/citizens/{citizen.Number}");
        Assert.Equal("Frozen", status.GetProperty("status").GetString());

        // The sample provider learns of it by back-channel logout (OIDC Back-Channel Logout 1.0):
        // its own session cookie no longer opens the account.
        var signedOut = false;
        for (var attempt = 0; attempt < 50 && !signedOut; attempt++)
        {
            await _page.GotoAsync(stack.SampleProvider.ToString());
            signedOut = await _page.Locator("a[href='/login']").CountAsync() == 1;
            if (!signedOut)
            {
                await Task.Delay(200);
            }
        }

        Assert.True(signedOut, "The sample provider still shows the citizen as logged in after \"not me\".");
    }

    [Fact]
    public async Task Pages_InArabic_AreLaidOutRightToLeft()
    {
        var citizen = await stack.NewCitizenAsync();
        await OpenPortalAsync(citizen, "/activity", "Password");

        await _page.GotoAsync(new Uri(stack.Portal, "/lang/ar?return=%2Fmethods").ToString());

        Assert.EndsWith("/methods", _page.Url, StringComparison.Ordinal);
        Assert.Equal("ar", await _page.GetAttributeAsync("html", "lang"));
        Assert.Equal("rtl", await _page.GetAttributeAsync("html", "dir"));
    }

    private async Task LogInAtSampleProviderAsync(TestCitizen citizen)
    {
        await _page.GotoAsync(new Uri(stack.SampleProvider, "/login").ToString());
        await new HawiyaLogin(stack, citizen) { Methods = ["Password"] }.CompleteAsync(_page);
        Assert.StartsWith(stack.SampleProvider.ToString(), _page.Url, StringComparison.Ordinal);
    }

    private async Task OpenPortalAsync(TestCitizen citizen, string path, params string[] methods)
    {
        await _page.GotoAsync(new Uri(stack.Portal, path).ToString());
        await new HawiyaLogin(stack, citizen) { Methods = methods.Length > 0 ? methods : ["Password"] }.CompleteAsync(_page);
        Assert.StartsWith(new Uri(stack.Portal, path).ToString(), _page.Url, StringComparison.Ordinal);
    }
}
