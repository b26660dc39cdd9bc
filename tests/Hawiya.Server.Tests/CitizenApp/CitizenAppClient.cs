using System.Text.RegularExpressions;
using Hawiya.CitizenApp;
using Hawiya.Contracts.Common;
using Hawiya.Contracts.Providers;
using Hawiya.Server.Operators;
using Hawiya.Server.Tests.Oidc;
using Microsoft.IdentityModel.JsonWebTokens;
using App = Hawiya.CitizenApp.CitizenApp;

namespace Hawiya.Server.Tests;

/// <summary>The citizen app as a registered client, and the steps tests take with it.</summary>
public static partial class CitizenAppClient
{
    /// <summary>The app: a public client (no secret) with PKCE and a loopback redirect (RFC 8252).</summary>
    public static ProviderSeed Seed { get; } = new(
        App.ClientId, "Hawiya", [App.RedirectUri.ToString()], ["openid"],
        [AuthMethod.Password, AuthMethod.Sms, AuthMethod.Email, AuthMethod.Push, AuthMethod.Face, AuthMethod.Card, AuthMethod.CardPin, AuthMethod.CardFingerprint],
        Sector: "app.hawiya.local", ClientAuthMethod: ClientAuthMethod.None);

    /// <summary>A new app instance for <paramref name="citizen"/>, logged in with password + SMS (eidas2) and enrolled.</summary>
    public static async Task<App> EnrolledAsync(OidcServer server, TestCitizen citizen, string label = "Test phone")
    {
        var app = await SignedInAsync(server, citizen);
        var enrolled = await app.EnrollAsync(label);
        Assert.True(enrolled.Succeeded, $"{enrolled.Status} {enrolled.Error} {enrolled.Detail}");
        return app;
    }

    public static async Task<App> SignedInAsync(OidcServer server, TestCitizen citizen, string acr = "eidas2")
    {
        var app = new App(server.Issuer, DeviceKey.Create(), App.NewPushToken());
        using var driver = new LoginPageDriver(server.Issuer);
        var signIn = await app.SignInAsync(
            url => driver.PasswordAndSmsAsync(url, citizen.Number, OidcServer.Password, () => Task.FromResult(Login.LatestCode(server, citizen.Phone))),
            acr);
        Assert.True(signIn.Succeeded, $"{signIn.Status} {signIn.Error} {signIn.Detail}");
        return app;
    }

    /// <summary>Opens a login at <paramref name="clientId"/>, identifies and chooses <paramref name="method"/>.</summary>
    public static async Task<(Browser Browser, AuthorizationRequest Request, BrowserStop Page)> ChooseAsync(OidcServer server, TestCitizen citizen, AuthMethod method, string clientId = OidcServer.DeviceClientId)
    {
        var request = new AuthorizationRequest(clientId);
        var browser = new Browser(server.Issuer);
        await browser.OpenAsync(request.Url());
        await browser.PostStepAsync("identify", ("national_number", citizen.Number));
        var page = await browser.PostStepAsync("method", ("method", method.ToString()));
        return (browser, request, page);
    }

    /// <summary>After the app answered: "I approved on my phone", consent, and the identity token the provider gets.</summary>
    public static async Task<JsonWebToken> IdTokenAfterApprovalAsync(OidcServer server, Browser browser, AuthorizationRequest request)
    {
        var stop = await browser.PostStepAsync("device_check");
        stop = stop.IsPage("consent") ? await browser.PostStepAsync("consent", ("decision", "accept")) : stop;
        Assert.NotNull(stop.Location);
        using var client = new OidcClient(server, request.ClientId);
        var (status, tokens) = await client.RedeemAsync(stop.Query["code"], request);
        Assert.Equal(System.Net.HttpStatusCode.OK, status);
        return new JsonWebToken(tokens.GetProperty("id_token").GetString()!);
    }

    /// <summary>The number the push page shows.</summary>
    public static string NumberOn(BrowserStop page) => ShownNumber().Match(page.Html) is { Success: true } m
        ? m.Groups[1].Value
        : throw new InvalidOperationException("The page shows no number to match.");

    [GeneratedRegex("data-number=\"([0-9]+)\"")]
    private static partial Regex ShownNumber();
}
