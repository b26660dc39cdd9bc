using System.Net;
using System.Text.RegularExpressions;

namespace Hawiya.Server.Tests.Oidc;

/// <summary>
/// The login pages' own endpoint, /connect/login: the steps that never end a login are served
/// from the session, bound to the browser that began it; the others stay with /connect/authorize.
/// </summary>
[Collection(OidcCollection.Name)]
public sealed partial class LoginPageEndpointTests(OidcServer server)
{
    private static string ActionOf(BrowserStop page, string step) => Hawiya.CitizenApp.LoginForms.ActionOf(page.Html, step);

    [Fact]
    public async Task Pages_PostTheStepsThatNeverEndALoginToTheLoginEndpoint_AndTheOthersToAuthorize()
    {
        var citizen = await server.NewCitizenAsync();
        using var browser = new Browser(server.Issuer);

        var identify = await browser.OpenAsync(new AuthorizationRequest(OidcServer.ClientId).Url());
        Assert.Equal("/connect/login", ActionOf(identify, "identify"));
        Assert.Equal("/connect/authorize", ActionOf(identify, "cancel"));

        var methods = await browser.PostStepAsync("identify", ("national_number", citizen.Number));
        Assert.True(methods.IsPage("method"));
        Assert.Equal("/connect/login", ActionOf(methods, "method"));
        Assert.Equal("/connect/login", ActionOf(methods, "restart"));

        var code = await browser.PostStepAsync("method", ("method", "Sms"));
        Assert.True(code.IsPage("code"));
        Assert.Equal("/connect/authorize", ActionOf(code, "code"));
        Assert.Equal("/connect/login", ActionOf(code, "resend"));

        var restarted = await browser.PostStepAsync("restart");
        Assert.True(restarted.IsPage("identify"));
    }

    [Fact]
    public async Task LoginEndpoint_ServesTheSamePagesInTheRequestsLanguageAndNamesTheProvider()
    {
        var citizen = await server.NewCitizenAsync();
        using var browser = new Browser(server.Issuer);
        await browser.OpenAsync(new AuthorizationRequest(OidcServer.ClientId) { Extra = { ["ui_locales"] = "ar" } }.Url());

        var response = await browser.SendStepAsync("/connect/login", "identify", ("national_number", citizen.Number));
        var methods = await browser.FollowFromAsync(response);

        Assert.Equal(HttpStatusCode.OK, methods.Status);
        Assert.True(methods.IsPage("method"));
        Assert.Contains("dir=\"rtl\"", methods.Html, StringComparison.Ordinal);
        Assert.Contains("Portail " + OidcServer.ClientId, methods.Html, StringComparison.Ordinal);
        Assert.Equal("DENY", methods.Headers["X-Frame-Options"]);
    }

    [Fact]
    public async Task LoginEndpoint_FromAnotherBrowser_IsRefusedAndLeavesTheLoginWhereItWas()
    {
        var citizen = await server.NewCitizenAsync();
        using var owner = new Browser(server.Issuer);
        var page = await owner.OpenAsync(new AuthorizationRequest(OidcServer.ClientId).Url());
        var requestUri = WebUtility.HtmlDecode(RequestUri().Match(page.Html).Groups[1].Value);
        using var stranger = new HttpClient { BaseAddress = server.Issuer };

        var stolen = await stranger.PostAsync("/connect/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["client_id"] = OidcServer.ClientId,
            ["request_uri"] = requestUri,
            ["step"] = "identify",
            ["national_number"] = citizen.Number,
        }));

        Assert.Equal(HttpStatusCode.Forbidden, stolen.StatusCode);
        Assert.Equal("DENY", stolen.Headers.GetValues("X-Frame-Options").Single());
        // The owner's login did not move: it still asks who the citizen is.
        var again = await owner.PostStepAsync("restart");
        Assert.True(again.IsPage("identify"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("urn:example:not-hawiya")]
    [InlineData("urn:ietf:params:oauth:request_uri:")]
    public async Task LoginEndpoint_WithoutAHawiyaRequestUri_AnswersABadRequestPage(string requestUri)
    {
        using var http = new HttpClient { BaseAddress = server.Issuer };

        var response = await http.PostAsync("/connect/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["request_uri"] = requestUri,
            ["step"] = "identify",
        }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.StartsWith("text/html", response.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task LoginEndpoint_WithoutAForm_AnswersABadRequestPage()
    {
        using var http = new HttpClient { BaseAddress = server.Issuer };

        var response = await http.PostAsync("/connect/login", new StringContent("{}", System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task AStepThatMayEndTheLogin_PostedToTheLoginEndpoint_IsSentToAuthorizeWithItsForm()
    {
        var request = new AuthorizationRequest(OidcServer.ClientId);
        using var browser = new Browser(server.Issuer);
        await browser.OpenAsync(request.Url());

        var response = await browser.SendStepAsync("/connect/login", "cancel");

        // 307 keeps the method and the body (RFC 9110 §15.4.8): the same form reaches the whole flow.
        Assert.Equal(HttpStatusCode.TemporaryRedirect, response.StatusCode);
        Assert.Equal("/connect/authorize", response.Headers.Location!.OriginalString);
        var reposted = await browser.SendStepAsync("/connect/authorize", "cancel");
        var stop = await browser.FollowFromAsync(reposted);
        Assert.Equal("access_denied", stop.Query["error"]);
        Assert.Equal(request.State, stop.Query["state"]);
    }

    [Fact]
    public async Task APageStep_AfterTheLoginWasCancelled_EndsAtTheProviderWithAccessDenied()
    {
        var citizen = await server.NewCitizenAsync();
        var request = new AuthorizationRequest(OidcServer.ClientId);
        using var browser = new Browser(server.Issuer);
        await browser.OpenAsync(request.Url());
        var cancelled = await browser.PostStepAsync("cancel");
        Assert.Equal("access_denied", cancelled.Query["error"]);

        var response = await browser.SendStepAsync("/connect/login", "identify", ("national_number", citizen.Number));

        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        var stop = await browser.FollowFromAsync(response);
        Assert.Equal("access_denied", stop.Query["error"]);
        Assert.Equal(request.State, stop.Query["state"]);
    }

    [Fact]
    public async Task LoginEndpoint_ACodeChannelAlreadyPassed_ShowsTheMethodsAgainNotACodePage()
    {
        var citizen = await server.NewCitizenAsync();
        var request = new AuthorizationRequest(OidcServer.StrongClientId);
        using var browser = new Browser(server.Issuer);
        await browser.OpenAsync(request.Url());
        await browser.PostStepAsync("identify", ("national_number", citizen.Number));
        await browser.PostStepAsync("method", ("method", "Sms"));
        var stepUp = await browser.PostStepAsync("code", ("code", Login.LatestCode(server, citizen.Phone)));
        Assert.True(stepUp.IsPage("method"), "a second factor should be asked for");
        Assert.DoesNotContain("value=\"Sms\"", stepUp.Html, StringComparison.Ordinal);

        // A form the page did not offer: the session refuses it, and the methods come back.
        var again = await browser.PostStepAsync("method", ("method", "Sms"));

        Assert.Equal(HttpStatusCode.OK, again.Status);
        Assert.True(again.IsPage("method"), "the methods page should come back");
        Assert.False(again.IsPage("code"), "no code page for a method not offered");
    }

    [GeneratedRegex("name=\"request_uri\" value=\"([^\"]*)\"")]
    private static partial Regex RequestUri();
}
