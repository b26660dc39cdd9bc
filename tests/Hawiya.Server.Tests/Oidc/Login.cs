using System.Text.RegularExpressions;
using Hawiya.Gateways.Outbox;

namespace Hawiya.Server.Tests.Oidc;

/// <summary>Walks a citizen through the login pages, as a person would.</summary>
public static partial class Login
{
    public static async Task<BrowserStop> WithPasswordAsync(Browser browser, string nationalNumber, string password = OidcServer.Password, bool consent = true)
    {
        await browser.PostStepAsync("identify", ("national_number", nationalNumber));
        await browser.PostStepAsync("method", ("method", "Password"));
        var stop = await browser.PostStepAsync("password", ("password", password));
        return consent && stop.IsPage("consent") ? await browser.PostStepAsync("consent", ("decision", "accept")) : stop;
    }

    public static async Task<BrowserStop> WithSmsAsync(Browser browser, OidcServer server, string phone, bool consent = true)
    {
        await browser.PostStepAsync("method", ("method", "Sms"));
        var stop = await browser.PostStepAsync("code", ("code", LatestCode(server, phone)));
        return consent && stop.IsPage("consent") ? await browser.PostStepAsync("consent", ("decision", "accept")) : stop;
    }

    public static string LatestCode(OidcServer server, string phone)
    {
        // Codes leave through a background queue: the page may come back before the outbox has it.
        OutboxEntry? message = null;
        SpinWait.SpinUntil(() => (message = server.Outbox.GetLatest(OutboxChannel.Sms, phone)) is not null, TimeSpan.FromSeconds(10));
        if (message is null)
        {
            throw new InvalidOperationException("No SMS was sent.");
        }

        return SixDigits().Match(message.Body).Value;
    }

    /// <summary>From a fresh browser to the code handed back to the client.</summary>
    public static async Task<(string Code, AuthorizationRequest Request, Browser Browser)> CodeAsync(OidcServer server, string nationalNumber, AuthorizationRequest? request = null)
    {
        request ??= new AuthorizationRequest(OidcServer.ClientId);
        var browser = new Browser(server.Issuer);
        var page = await browser.OpenAsync(request.Url());
        Assert.True(page.IsPage("identify"), "the identify page should be shown");
        var stop = await WithPasswordAsync(browser, nationalNumber);
        Assert.NotNull(stop.Location);
        Assert.Equal(request.State, stop.Query["state"]);
        return (stop.Query["code"], request, browser);
    }

    [GeneratedRegex("[0-9]{6}")]
    private static partial Regex SixDigits();
}
