using System.Net.Http.Json;
using System.Text.Json;
using Hawiya.Portal.Tests.Support;
using Microsoft.Playwright;

namespace Hawiya.Portal.Tests.Browser;

/// <summary>The portal in Chromium, end to end: Hawiya's login pages, the sample provider, the portal's forms.</summary>
[Collection(PortalCollection.Name)]
public sealed class PortalBrowserTests(PortalStack stack) : PortalPageTests(stack.Browser)
{
    [Fact]
    public async Task Activity_AfterALoginAtTheSampleProvider_ShowsThatUse()
    {
        var citizen = await stack.NewCitizenAsync();
        await LogInAtSampleProviderAsync(citizen);

        await OpenPortalAsync(citizen, "/activity");

        var use = Page.Locator($"#activity li[data-kind=Use][data-client={PortalStack.SampleClientId}]");
        Assert.Equal(1, await use.CountAsync());
        Assert.Contains(PortalStack.SampleName, await use.InnerTextAsync(), StringComparison.Ordinal);
        Assert.Contains("eidas1", await use.InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal("fr", await Page.GetAttributeAsync("html", "lang"));
    }

    [Fact]
    public async Task Consents_RevokeTheSampleProvider_RemovesItsConsentAndEndsItsSession()
    {
        var citizen = await stack.NewCitizenAsync();
        await LogInAtSampleProviderAsync(citizen);
        await OpenPortalAsync(citizen, "/consents");
        var consent = Page.Locator($"#consents li[data-client={PortalStack.SampleClientId}]");
        Assert.Equal(1, await consent.CountAsync());

        await Page.ClickAndWaitAsync(consent.Locator("button"));

        Assert.EndsWith("/consents?revoked=1", Page.Url, StringComparison.Ordinal);
        Assert.Equal(0, await Page.Locator($"li[data-client={PortalStack.SampleClientId}]").CountAsync());
        await Page.GotoAsync(new Uri(stack.Portal, "/activity").ToString());
        Assert.Equal(1, await Page.Locator($"#activity li[data-kind=ConsentRevoked][data-client={PortalStack.SampleClientId}]").CountAsync());
    }

    [Fact]
    public async Task Methods_TurnEmailOff_AsksForAStepUpThenTurnsItOff()
    {
        var citizen = await stack.NewCitizenAsync();
        await OpenPortalAsync(citizen, "/methods", "Password");
        var email = "#methods li[data-method=Email]";
        Assert.Equal("true", await Page.GetAttributeAsync(email, "data-enabled"));
        Assert.Equal(1, await Page.Locator("#no-devices").CountAsync());
        Assert.Contains("application Hawiya", await Page.Locator("#devices-in-app").InnerTextAsync(), StringComparison.Ordinal);

        // The login was eidas1 (password): the API asks for eidas2, and Hawiya asks for the missing factor.
        await Page.ClickAndWaitAsync(Page.Locator($"{email} button"));
        Assert.StartsWith(stack.Issuer.ToString(), Page.Url, StringComparison.Ordinal);
        await new HawiyaLogin(stack, citizen) { Methods = ["Sms", "Password"] }.CompleteAsync(Page);
        Assert.EndsWith("/methods?stepup=1", Page.Url, StringComparison.Ordinal);

        await Page.ClickAndWaitAsync(Page.Locator($"{email} button"));

        Assert.EndsWith("/methods?done=1", Page.Url, StringComparison.Ordinal);
        Assert.Equal("false", await Page.GetAttributeAsync(email, "data-enabled"));
        Assert.Equal("true", await Page.GetAttributeAsync("#methods li[data-method=Password]", "data-enabled"));
    }

    [Fact]
    public async Task NotMe_Pressed_FreezesTheIdentityAndEndsTheSampleProviderSession()
    {
        var citizen = await stack.NewCitizenAsync();
        await LogInAtSampleProviderAsync(citizen);
        await Page.GotoAsync(stack.SampleProvider.ToString());
        Assert.Equal(1, await Page.Locator("a[href='/account']").CountAsync());

        await OpenPortalAsync(citizen, "/not-me");
        await Page.ClickAndWaitAsync(Page.Locator("form[action='/not-me'] button"));

        Assert.EndsWith("/frozen", Page.Url, StringComparison.Ordinal);
        Assert.Equal(1, await Page.Locator("#frozen").CountAsync());
        var status = await stack.Operator.GetFromJsonAsync<JsonElement>($"/operator/citizens/{citizen.Number}");
        Assert.Equal("Frozen", status.GetProperty("status").GetString());

        // The sample provider learns of it by back-channel logout (OIDC Back-Channel Logout 1.0):
        // its own session cookie no longer opens the account.
        var signedOut = false;
        for (var attempt = 0; attempt < 50 && !signedOut; attempt++)
        {
            await Page.GotoAsync(stack.SampleProvider.ToString());
            signedOut = await Page.Locator("a[href='/login']").CountAsync() == 1;
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

        await Page.GotoAsync(new Uri(stack.Portal, "/lang/ar?return=%2Fmethods").ToString());

        Assert.EndsWith("/methods", Page.Url, StringComparison.Ordinal);
        Assert.Equal("ar", await Page.GetAttributeAsync("html", "lang"));
        Assert.Equal("rtl", await Page.GetAttributeAsync("html", "dir"));
    }

    private async Task LogInAtSampleProviderAsync(TestCitizen citizen)
    {
        await Page.GotoAsync(new Uri(stack.SampleProvider, "/login").ToString());
        await new HawiyaLogin(stack, citizen) { Methods = ["Password"] }.CompleteAsync(Page);
        Assert.StartsWith(stack.SampleProvider.ToString(), Page.Url, StringComparison.Ordinal);
    }

    private async Task OpenPortalAsync(TestCitizen citizen, string path, params string[] methods)
    {
        await Page.GotoAsync(new Uri(stack.Portal, path).ToString());
        await new HawiyaLogin(stack, citizen) { Methods = methods.Length > 0 ? methods : ["Password"] }.CompleteAsync(Page);
        Assert.StartsWith(new Uri(stack.Portal, path).ToString(), Page.Url, StringComparison.Ordinal);
    }
}
