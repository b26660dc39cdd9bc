using System.Net;
using Microsoft.AspNetCore.WebUtilities;

namespace Hawiya.Server.Tests.Oidc;

/// <summary>
/// RFC 6749 §4.1.2.1: a request that cannot go back to the service is answered to the citizen,
/// as a page in their language saying what happened and what to do, with the code for support.
/// </summary>
[Collection(OidcCollection.Name)]
public sealed class AuthorizationErrorPageTests(OidcServer server)
{
    [Fact]
    public async Task Authorize_UnknownClient_FrenchPageWithTheCodeAndTheLoginPagesHeaders()
    {
        var (response, html) = await OpenAsync(new AuthorizationRequest("unknown-portal").Url());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<html lang=\"fr\" dir=\"ltr\">", html, StringComparison.Ordinal);
        Assert.Contains("n&#39;est pas reconnu par Hawiya", html, StringComparison.Ordinal);
        Assert.Contains("contactez ce service", html, StringComparison.Ordinal);
        Assert.Contains("<code dir=\"ltr\">invalid_request</code>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("error:", html, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        Assert.Null(response.Headers.Location);
    }

    [Fact]
    public async Task Authorize_UnregisteredRedirectUriInArabic_RightToLeftPageAboutTheAddress()
    {
        var request = new AuthorizationRequest(OidcServer.ClientId) { RedirectUri = "https://attacker.example/cb", Extra = { ["ui_locales"] = "ar" } };

        var (response, html) = await OpenAsync(request.Url());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
        Assert.Contains("<html lang=\"ar\" dir=\"rtl\">", html, StringComparison.Ordinal);
        Assert.Contains("عنوان لم تسجله", html, StringComparison.Ordinal);
        Assert.DoesNotContain("attacker.example", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Authorize_ExpiredRequestUriInEnglishBrowser_PageSaysStartAgain()
    {
        var request = new AuthorizationRequest(OidcServer.ClientId);
        using var client = new OidcClient(server);
        var (_, pushed) = await client.PostAsync("/connect/par", request.Parameters().Where(p => p.Value is not null).ToDictionary(p => p.Key, p => p.Value!));
        server.Time.Advance(TimeSpan.FromMinutes(16));
        var url = QueryHelpers.AddQueryString("/connect/authorize", new Dictionary<string, string?>
        {
            ["client_id"] = OidcServer.ClientId,
            ["request_uri"] = pushed.GetProperty("request_uri").GetString(),
        });

        var (response, html) = await OpenAsync(url, acceptLanguage: "en-GB,en;q=0.8,fr;q=0.5");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("<html lang=\"en\" dir=\"ltr\">", html, StringComparison.Ordinal);
        Assert.Contains("has expired or was already used", html, StringComparison.Ordinal);
        Assert.Contains("start the sign-in again", html, StringComparison.Ordinal);
    }

    private async Task<(HttpResponseMessage Response, string Html)> OpenAsync(string url, string? acceptLanguage = null)
    {
        using var http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { BaseAddress = server.Issuer };
        if (acceptLanguage is not null)
        {
            http.DefaultRequestHeaders.Add("Accept-Language", acceptLanguage);
        }

        var response = await http.GetAsync(url);
        return (response, await response.Content.ReadAsStringAsync());
    }
}
