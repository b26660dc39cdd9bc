using System.Globalization;
using System.Security.Claims;
using Hawiya.Contracts.Common;
using Hawiya.Server.Oidc.Endpoints;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Hawiya.Server.Tests.Oidc;

/// <summary>
/// Issue 26, finding 9: the single sign-on cookie points to its origin session; who logged in, how
/// and when are that session's record, so a cookie minted with the key ring lifts nothing.
/// </summary>
[Collection(OidcCollection.Name)]
public sealed class SingleSignOnCookieTests(OidcServer server)
{
    private const string CookieName = "hawiya.sso";

    [Fact]
    public async Task SingleSignOn_CookieRewrittenToAnotherCitizenAtEidas3_IsNotAdopted()
    {
        var attacker = await server.NewCitizenAsync();
        var victim = await server.NewCitizenAsync();
        var (_, _, browser) = await Login.CodeAsync(server, attacker.Number);
        using var _ = browser;
        var victimKey = server.Services.GetRequiredService<PseudonymKeys>().Citizen(victim.Number);
        // What a database reader holding the Data Protection key ring can write: the attacker's
        // live eidas1 session as origin, with the victim's key and the highest level.
        browser.SetCookie(CookieName, Rewrite(browser.Cookie(CookieName)!, ("hw_citizen", victimKey), ("hw_level", ((int)LevelOfAssurance.High).ToString(CultureInfo.InvariantCulture))));

        var page = await browser.OpenAsync(new AuthorizationRequest(OidcServer.StrongClientId).Url());

        Assert.True(page.IsPage("identify"), "a cookie that disagrees with its origin session is ignored: the citizen logs in");
    }

    [Fact]
    public async Task SingleSignOn_CookieRewrittenToAHigherLevel_IsNotAdopted()
    {
        var citizen = await server.NewCitizenAsync();
        var (_, _, browser) = await Login.CodeAsync(server, citizen.Number);
        using var _ = browser;
        browser.SetCookie(CookieName, Rewrite(browser.Cookie(CookieName)!, ("hw_level", ((int)LevelOfAssurance.High).ToString(CultureInfo.InvariantCulture))));

        var page = await browser.OpenAsync(new AuthorizationRequest(OidcServer.StrongClientId).Url());

        Assert.False(page.IsPage("consent"), "an eidas1 session does not pass for eidas3 because its cookie says so");
    }

    [Fact]
    public async Task SingleSignOn_CookieAsIssued_StillServes()
    {
        var citizen = await server.NewCitizenAsync();
        var (_, _, browser) = await Login.CodeAsync(server, citizen.Number);
        using var _ = browser;
        browser.SetCookie(CookieName, Rewrite(browser.Cookie(CookieName)!));

        var page = await browser.OpenAsync(new AuthorizationRequest(OidcServer.RsaClientId).Url());

        Assert.True(page.IsPage("consent"), "the same cookie, protected again, is still single sign-on");
    }

    /// <summary>The cookie opened with the server's key ring, claims replaced, protected again.</summary>
    private string Rewrite(string cookie, params (string Type, string Value)[] replaced)
    {
        var format = server.Services.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>().Get(SingleSignOn.Scheme).TicketDataFormat;
        var ticket = format.Unprotect(cookie) ?? throw new InvalidOperationException("The cookie does not open with the server's keys.");
        var identity = new ClaimsIdentity(SingleSignOn.Scheme);
        foreach (var claim in ticket.Principal.Claims)
        {
            var replacement = replaced.FirstOrDefault(r => r.Type == claim.Type);
            identity.AddClaim(new Claim(claim.Type, replacement.Type is null ? claim.Value : replacement.Value));
        }

        return format.Protect(new AuthenticationTicket(new ClaimsPrincipal(identity), ticket.Properties, SingleSignOn.Scheme));
    }
}
