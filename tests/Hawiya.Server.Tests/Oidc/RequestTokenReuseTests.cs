using System.Net;
using System.Security.Claims;
using Hawiya.Server.Oidc.Endpoints;
using Microsoft.AspNetCore.WebUtilities;

namespace Hawiya.Server.Tests.Oidc;

/// <summary>
/// The request token behind a request_uri is opened once per silo; every login page still finds
/// its entry in the session, so what the entry says (unknown, used up) is obeyed as before.
/// </summary>
[Collection(OidcCollection.Name)]
public sealed class RequestTokenReuseTests(OidcServer server)
{
    [Fact]
    public async Task LoginPages_EveryPageOfALogin_CompletesWithOneCodeOnly()
    {
        var citizen = await server.NewCitizenAsync();
        var request = new AuthorizationRequest(OidcServer.ClientId);
        using var browser = new Browser(server.Issuer);
        Assert.True((await browser.OpenAsync(request.Url())).IsPage("identify"));

        var stop = await Login.WithPasswordAsync(browser, citizen.Number);
        Assert.True(stop.Query.ContainsKey("code"));
        using var client = new OidcClient(server);
        Assert.Equal(HttpStatusCode.OK, (await client.RedeemAsync(stop.Query["code"], request)).Status);

        // The same request_uri, posted again by the same browser once its code was issued.
        var again = await browser.PostStepAsync("consent", ("decision", "accept"));

        Assert.False(again.Location is not null && again.Query.ContainsKey("code"), "A used-up request_uri issued a second code.");
    }

    [Fact]
    public async Task LoginPages_RequestUriOfTheSessionWithAnotherSecret_IsRefused()
    {
        var request = new AuthorizationRequest(OidcServer.ClientId);
        using var browser = new Browser(server.Issuer);
        var page = await browser.OpenAsync(request.Url());
        var requestUri = WebUtility.HtmlDecode(System.Text.RegularExpressions.Regex.Match(page.Html, "name=\"request_uri\" value=\"([^\"]*)\"").Groups[1].Value);
        // Same session (so the browser's flow cookie matches), another secret.
        var forged = requestUri[..^4] + (requestUri.EndsWith("AAAA", StringComparison.Ordinal) ? "BBBB" : "AAAA");

        var refused = await browser.OpenAsync(QueryHelpers.AddQueryString("/connect/authorize", new Dictionary<string, string?>
        {
            ["client_id"] = OidcServer.ClientId,
            ["request_uri"] = forged,
        }));

        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        Assert.False(refused.IsPage("identify"));
    }

    [Fact]
    public void Find_PayloadKept_ReturnsACopyOfWhatWasRead()
    {
        using var tokens = new VerifiedRequestTokens();
        var principal = new ClaimsPrincipal(new ClaimsIdentity([new Claim("client_id", "tax-portal")], "test"));
        tokens.Keep("payload-a", principal);

        var found = tokens.Find("payload-a");

        Assert.NotNull(found);
        Assert.NotSame(principal, found);
        Assert.Equal("tax-portal", found.FindFirst("client_id")?.Value);
        // A copy: whatever OpenIddict adds to the principal of one page is not seen by the next.
        ((ClaimsIdentity)found.Identity!).AddClaim(new Claim("added", "x"));
        Assert.Null(tokens.Find("payload-a")!.FindFirst("added"));
        Assert.Null(tokens.Find("payload-b"));
    }
}
