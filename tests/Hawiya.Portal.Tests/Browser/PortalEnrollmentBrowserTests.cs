using Hawiya.Portal.Tests.Support;
using Microsoft.Playwright;

namespace Hawiya.Portal.Tests.Browser;

/// <summary>The Methods page's enrollment forms in Chromium: a new phone in two steps, a new password.</summary>
[Collection(PortalCollection.Name)]
public sealed class PortalEnrollmentBrowserTests(PortalStack stack) : PortalPageTests(stack.Browser)
{
    [Fact]
    public async Task Methods_NewPhoneThenItsCode_ChangesThePhoneAndSaysSo()
    {
        var citizen = await stack.NewCitizenAsync();
        await OpenMethodsAsync(citizen);
        var newPhone = "+2127" + Random.Shared.NextInt64(10_000_000, 99_999_999);
        await StepUpThroughAsync(citizen, "#phone-form", "#new-phone", newPhone);

        await Page.FillAsync("#new-phone", newPhone);
        await Page.ClickAndWaitAsync(Page.Locator("#phone-form button"));
        Assert.EndsWith("/contacts/phone/confirm", Page.Url, StringComparison.Ordinal);
        await Page.FillAsync("#code", await stack.LastSmsCodeAsync(newPhone));
        await Page.ClickAndWaitAsync(Page.Locator("#code-form button"));

        Assert.EndsWith("/methods?done=contact", Page.Url, StringComparison.Ordinal);
        Assert.Contains(newPhone, await Page.InnerTextAsync("main"), StringComparison.Ordinal);
        Assert.Equal(1, await Page.Locator("#devices-in-app").CountAsync());
    }

    [Fact]
    public async Task Methods_CommonPasswordThenAGoodOne_RefusesThenChanges()
    {
        var citizen = await stack.NewCitizenAsync();
        await OpenMethodsAsync(citizen);
        await StepUpThroughAsync(citizen, "#password-form", "#new-password", "motdepasse");

        await Page.FillAsync("#new-password", "motdepasse");
        await Page.ClickAndWaitAsync(Page.Locator("#password-form button"));
        Assert.Equal(1, await Page.Locator("#password-refused").CountAsync());

        await Page.GotoAsync(new Uri(stack.Portal, "/methods").ToString());
        await Page.FillAsync("#new-password", "figues de barbarie au miel");
        await Page.ClickAndWaitAsync(Page.Locator("#password-form button"));
        Assert.EndsWith("/methods?done=password", Page.Url, StringComparison.Ordinal);
    }

    private async Task OpenMethodsAsync(TestCitizen citizen)
    {
        await Page.GotoAsync(new Uri(stack.Portal, "/methods").ToString());
        await new HawiyaLogin(stack, citizen) { Methods = ["Password"] }.CompleteAsync(Page);
        Assert.StartsWith(new Uri(stack.Portal, "/methods").ToString(), Page.Url, StringComparison.Ordinal);
    }

    /// <summary>The login was eidas1 (password): the first submission asks for eidas2 and comes back to the page.</summary>
    private async Task StepUpThroughAsync(TestCitizen citizen, string form, string field, string value)
    {
        await Page.FillAsync(field, value);
        await Page.ClickAndWaitAsync(Page.Locator($"{form} button"));
        Assert.StartsWith(stack.Issuer.ToString(), Page.Url, StringComparison.Ordinal);
        await new HawiyaLogin(stack, citizen) { Methods = ["Sms", "Password"] }.CompleteAsync(Page);
        Assert.EndsWith("/methods?stepup=1", Page.Url, StringComparison.Ordinal);
    }
}
