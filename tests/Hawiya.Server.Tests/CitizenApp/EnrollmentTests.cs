using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Hawiya.CitizenApp;
using Hawiya.Contracts.Citizens;
using Hawiya.Contracts.Common;
using Hawiya.Contracts.Devices;
using Hawiya.Contracts.Journal;
using Hawiya.Gateways.Outbox;
using Hawiya.Server.Tests.Oidc;
using Microsoft.Extensions.DependencyInjection;
using App = Hawiya.CitizenApp.CitizenApp;

namespace Hawiya.Server.Tests.CitizenApp;

/// <summary>A new device, phone or address only from a login at eidas2 or higher, verified, and announced to the citizen.</summary>
[Collection(OidcCollection.Name)]
public sealed class EnrollmentTests(OidcServer server)
{
    [Fact]
    public async Task EnrollDevice_LoginAtEidas2_DeviceListedPushAndFaceEnrolledCitizenAlerted()
    {
        var citizen = await server.NewCitizenAsync();

        using var app = await CitizenAppClient.EnrolledAsync(server, citizen, "Salma's phone");

        var device = Assert.Single(await app.DevicesAsync());
        Assert.Equal(app.Key.Id, device.DeviceId);
        Assert.Equal("Salma's phone", device.Label);
        var key = Key(citizen);
        var snapshot = await server.Grains.GetGrain<ICitizenGrain>(key).GetAsync();
        Assert.True(snapshot.IsEnabled(AuthMethod.Push));
        Assert.True(snapshot.IsEnabled(AuthMethod.Face));
        var journal = await server.Grains.GetGrain<ICitizenJournalGrain>(key).ListAsync(null, 10);
        Assert.Contains(journal.Entries, e => e.Event.Kind == JournalEventKind.MethodEnrolled && e.Event.Methods.Contains(AuthMethod.Push));
    }

    [Fact]
    public async Task EnrollDevice_LoginAtEidas1_RefusedWithInsufficientUserAuthentication()
    {
        var citizen = await server.NewCitizenAsync();
        using var app = await CitizenAppClient.SignedInAsync(server, citizen, acr: "eidas1");

        var enrolled = await app.EnrollAsync("phone");

        Assert.Equal(HttpStatusCode.Unauthorized, enrolled.Status);
        Assert.Equal("insufficient_user_authentication", enrolled.Error);
        Assert.Empty(await server.Grains.GetGrain<ICitizenDevicesGrain>(Key(citizen)).GetDevicesAsync());
    }

    [Fact]
    public async Task EnrollDevice_WithoutToken_Or_WithAServiceProvidersToken_RefusedAsInvalidToken()
    {
        var citizen = await server.NewCitizenAsync();
        var (code, request, browser) = await Login.CodeAsync(server, citizen.Number, new AuthorizationRequest(OidcServer.ClientId, "openid"));
        browser.Dispose();
        using var client = new OidcClient(server);
        var (_, tokens) = await client.RedeemAsync(code, request);
        using var anonymous = new App(server.Issuer, DeviceKey.Create(), App.NewPushToken());
        using var providerToken = new App(server.Issuer, DeviceKey.Create(), App.NewPushToken()) { AccessToken = tokens.GetProperty("access_token").GetString() };

        var none = await anonymous.EnrollAsync("phone");
        var foreign = await providerToken.EnrollAsync("phone");

        Assert.Equal(HttpStatusCode.Unauthorized, none.Status);
        Assert.Equal("invalid_token", none.Error);
        Assert.Equal(HttpStatusCode.Unauthorized, foreign.Status);
        Assert.Equal("invalid_token", foreign.Error);
    }

    [Fact]
    public async Task EnrollDevice_KeyNotOnP256_RefusedWithProblem()
    {
        var citizen = await server.NewCitizenAsync();
        using var app = await CitizenAppClient.SignedInAsync(server, citizen);
        using var http = new HttpClient { BaseAddress = server.Issuer };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", app.AccessToken);
        var notAPoint = System.Buffers.Text.Base64Url.EncodeToString(new byte[32]);

        using var response = await http.PostAsJsonAsync("/app/devices", new { label = "x", pushToken = "t", publicKey = new { kty = "EC", crv = "P-256", x = notAPoint, y = notAPoint } });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task EnrollPhone_CodeSentToTheNewNumber_VerifiedOnlyWithTheRightCode()
    {
        var citizen = await server.NewCitizenAsync();
        using var app = await CitizenAppClient.SignedInAsync(server, citizen);
        const string phone = "+212612340000";

        var started = await app.StartContactAsync(ContactKind.Phone, phone);
        var code = Login.LatestCode(server, phone);
        var wrong = await app.ConfirmContactAsync(ContactKind.Phone, code == "000000" ? "000001" : "000000");
        var right = await app.ConfirmContactAsync(ContactKind.Phone, code);

        Assert.Equal(HttpStatusCode.Accepted, started.Status);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, wrong.Status);
        Assert.Equal(4, wrong.AttemptsLeft);
        Assert.True(right.Succeeded, $"{right.Status} {right.Error}");
        var key = Key(citizen);
        Assert.True(await server.Grains.GetGrain<ICitizenDevicesGrain>(key).IsContactVerifiedAsync(AuthMethod.Sms));
        Assert.Equal(phone, (await server.Grains.GetGrain<ICitizenGrain>(key).GetLoginProfileAsync()).Phone);
    }

    [Fact]
    public async Task EnrollEmail_CodeByEmail_EnrollsTheEmailMethod()
    {
        var citizen = await server.NewCitizenAsync(AuthMethod.Password, AuthMethod.Sms);
        using var app = await CitizenAppClient.SignedInAsync(server, citizen);
        var address = "new-" + Guid.NewGuid().ToString("N")[..8] + "@example.ma";

        await app.StartContactAsync(ContactKind.Email, address);
        var message = server.Outbox.GetLatest(OutboxChannel.Email, address)!;
        var code = System.Text.RegularExpressions.Regex.Match(message.Body, "[0-9]{6}").Value;
        var confirmed = await app.ConfirmContactAsync(ContactKind.Email, code);

        Assert.True(confirmed.Succeeded);
        Assert.True((await server.Grains.GetGrain<ICitizenGrain>(Key(citizen)).GetAsync()).IsEnabled(AuthMethod.Email));
    }

    [Fact]
    public async Task EnrollPhone_NotE164_RefusedWithProblem_AndBelowEidas2Refused()
    {
        var citizen = await server.NewCitizenAsync();
        using var strong = await CitizenAppClient.SignedInAsync(server, citizen);
        using var weak = await CitizenAppClient.SignedInAsync(server, citizen, acr: "eidas1");

        var malformed = await strong.StartContactAsync(ContactKind.Phone, "0612345678");
        var tooWeak = await weak.StartContactAsync(ContactKind.Phone, "+212612345678");

        Assert.Equal(HttpStatusCode.BadRequest, malformed.Status);
        Assert.Equal("insufficient_user_authentication", tooWeak.Error);
    }

    [Fact]
    public async Task StartContact_MoreCodesThanTheCitizensBudget_RefusedWith429AndNothingSent()
    {
        // Issue 26, finding 5: the app's contact codes go through the same send budgets as the portal's.
        var citizen = await server.NewCitizenAsync();
        using var app = await CitizenAppClient.SignedInAsync(server, citizen);
        var budget = server.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Hawiya.Server.Abuse.SendBudgetOptions>>().Value.ContactPerCitizen.Limit;
        var addresses = Enumerable.Range(0, budget + 1).Select(i => $"c{i}-{Guid.NewGuid():N}@example.ma").ToArray();

        var answers = new List<HttpStatusCode>();
        foreach (var address in addresses)
        {
            answers.Add((await app.StartContactAsync(ContactKind.Email, address)).Status);
        }

        Assert.All(answers[..budget], a => Assert.Equal(HttpStatusCode.Accepted, a));
        Assert.Equal(HttpStatusCode.TooManyRequests, answers[budget]);
        Assert.Null(server.Outbox.GetLatest(OutboxChannel.Email, addresses[budget]));
    }

    private string Key(TestCitizen citizen) => server.Services.GetRequiredService<PseudonymKeys>().Citizen(citizen.Number);
}
