using Hawiya.Portal.Tests.Support;
using Microsoft.Playwright;

namespace Hawiya.Portal.Tests.Browser;

/// <summary>The Methods page's enrollment forms in Chromium: a new phone in two steps, a new password.</summary>
[Collection(PortalCollection.Name)]
public sealed class PortalEnrollmentBrowserTests(PortalStack stack) : IAsyncLifetime
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
    public async Task Methods_NewPhoneThenItsCode_ChangesThePhoneAndSaysSo()
    {
        var citizen = await stack.NewCitizenAsync();
        await OpenMethodsAsync(citizen);
        var newPhone = "+2127" + Random.Shared.NextInt64(10_000_000, 99_999_999);
        await StepUpThroughAsync(citizen, "#phone-form", "#new-phone", newPhone);

        await _page.FillAsync("#new-phone", newPhone);
        await _page.ClickAndWaitAsync(_page.Locator("#phone-form button"));
        Assert.EndsWith("/contacts/phone/confirm", _page.Url, StringComparison.Ordinal);
        await _page.FillAsync("#code", await stack.LastSmsCodeAsync(newPhone));
        await _page.ClickAndWaitAsync(_page.Locator("#code-form button"));

        Assert.EndsWith("/methods?done=contact", _page.Url, StringComparison.Ordinal);
        Assert.Contains(newPhone, await _page.InnerTextAsync("main"), StringComparison.Ordinal);
        Assert.Equal(1, await _page.Locator("#devices-in-app").CountAsync());
    }

    [Fact]
    public async Task Methods_CommonPasswordThenAGoodOne_RefusesThenChanges()
    {
        var citizen = await stack.NewCitizenAsync();
        await OpenMethodsAsync(citizen);
        await StepUpThroughAsync(citizen, "#password-form", "#new-password", "motdepasse");

        await _page.FillAsync("#new-password", "motdepasse");
        await _page.ClickAndWaitAsync(_page.Locator("#password-form button"));
        Assert.Equal(1, await _page.Locator("#password-refused").CountAsync());

        await _page.GotoAsync(new Uri(stack.Portal, "/methods").ToString());
        await _page.FillAsync("#new-password", "figues de barbarie au miel");
        await _page.ClickAndWaitAsync(_page.Locator("#password-form button"));
        Assert.EndsWith("/methods?done=password", _page.Url, StringComparison.Ordinal);
    }

    private async Task OpenMethodsAsync(TestCitizen citizen)
    {
        await _page.GotoAsync(new Uri(stack.Portal, "/methods").ToString());
        await new HawiyaLogin(stack, citizen) { Methods = ["Password"] }.CompleteAsync(_page);
        Assert.StartsWith(new Uri(stack.Portal, "/methods").ToString(), _page.Url, StringComparison.Ordinal);
    }

    /// <summary>The login was eidas1 (password): the first submission asks for eidas2 and comes back to the page.</summary>
    private async Task StepUpThroughAsync(TestCitizen citizen, string form, string field, string value)
    {
        await _page.FillAsync(field, value);
        await _page.ClickAndWaitAsync(_page.Locator($"{form} button"));
        Assert.StartsWith(stack.Issuer.ToString(), _page.Url, StringComparison.Ordinal);
        await new HawiyaLogin(stack, citizen) { Methods = ["Sms", "Password"] }.CompleteAsync(_page);
        Assert.EndsWith("/methods?stepup=1", _page.Url, StringComparison.Ordinal);
    }
}
