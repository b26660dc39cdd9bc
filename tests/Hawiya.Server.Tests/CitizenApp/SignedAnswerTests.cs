using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Hawiya.CitizenApp;
using Hawiya.Contracts.Common;
using Hawiya.Contracts.Journal;
using Hawiya.Server.Tests.Oidc;
using Microsoft.Extensions.DependencyInjection;

namespace Hawiya.Server.Tests.CitizenApp;

/// <summary>Only a fresh answer signed by one of the citizen's own device keys moves a login.</summary>
[Collection(OidcCollection.Name)]
public sealed class SignedAnswerTests(OidcServer server)
{
    [Fact]
    public async Task Answer_SignatureNotMadeByTheDeviceKey_RefusedAndLoginStillWaits()
    {
        var citizen = await server.NewCitizenAsync();
        using var app = await CitizenAppClient.EnrolledAsync(server, citizen);
        var (browser, _, page) = await CitizenAppClient.ChooseAsync(server, citizen, AuthMethod.Push);
        using var _ = browser;
        var push = (await app.PendingAsync(PushNotification.Approval))!;
        var genuine = app.SignAnswer(push, "approve", CitizenAppClient.NumberOn(page), null).Split('.');
        using var rogue = DeviceKey.Create();
        var rogueSignature = rogue.Sign(new { sid = push.SessionId }).Split('.')[2];

        var forged = await app.SendSignedAnswerAsync($"{genuine[0]}.{genuine[1]}.{rogueSignature}");
        var unsigned = await app.SendSignedAnswerAsync($"{genuine[0]}.{genuine[1]}.");

        Assert.Equal(HttpStatusCode.Unauthorized, forged.Status);
        Assert.Equal("invalid_signature", forged.Error);
        Assert.Equal(HttpStatusCode.BadRequest, unsigned.Status);
        Assert.True((await browser.PostStepAsync("device_check")).IsPage("device_check"));
    }

    [Fact]
    public async Task Answer_SignedByAnotherCitizensDevice_Refused()
    {
        var citizen = await server.NewCitizenAsync();
        var other = await server.NewCitizenAsync();
        using var app = await CitizenAppClient.EnrolledAsync(server, citizen);
        using var otherApp = await CitizenAppClient.EnrolledAsync(server, other);
        var (browser, _, page) = await CitizenAppClient.ChooseAsync(server, citizen, AuthMethod.Push);
        using var _ = browser;
        var push = (await app.PendingAsync(PushNotification.Approval))!;

        var answer = await otherApp.AnswerAsync(push, "approve", CitizenAppClient.NumberOn(page), null);

        Assert.Equal(HttpStatusCode.Unauthorized, answer.Status);
        Assert.True((await browser.PostStepAsync("device_check")).IsPage("device_check"));
    }

    [Fact]
    public async Task Answer_ReplayedApproval_RefusedAsNoChallenge()
    {
        var citizen = await server.NewCitizenAsync();
        using var app = await CitizenAppClient.EnrolledAsync(server, citizen);
        var (browser, _, page) = await CitizenAppClient.ChooseAsync(server, citizen, AuthMethod.Push);
        using var _ = browser;
        var push = (await app.PendingAsync(PushNotification.Approval))!;
        var approval = app.SignAnswer(push, "approve", CitizenAppClient.NumberOn(page), null);

        var first = await app.SendSignedAnswerAsync(approval);
        var replay = await app.SendSignedAnswerAsync(approval);

        Assert.True(first.Succeeded);
        Assert.Equal(HttpStatusCode.Conflict, replay.Status);
        Assert.Equal("no_challenge", replay.Error);
    }

    [Fact]
    public async Task FaceAnswer_CarryingABiometricField_RefusedWithoutTouchingTheLogin()
    {
        var citizen = await server.NewCitizenAsync();
        using var app = await CitizenAppClient.EnrolledAsync(server, citizen);
        var (browser, _, page) = await CitizenAppClient.ChooseAsync(server, citizen, AuthMethod.Face);
        using var _ = browser;
        var push = (await app.PendingAsync(PushNotification.FaceCheck))!;
        var withImage = app.Key.Sign(new Dictionary<string, object>
        {
            ["sid"] = push.SessionId,
            ["cid"] = push.ChallengeId,
            ["act"] = "face",
            ["match"] = true,
            ["face_template"] = Convert.ToBase64String(new byte[128]),
        });

        var answer = await app.SendSignedAnswerAsync(withImage);

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        Assert.Contains("biometric", answer.Detail, StringComparison.Ordinal);
        Assert.True((await browser.PostStepAsync("device_check")).IsPage("device_check"));
        Assert.True((await app.AttestFacePendingAsync(CitizenAppClient.NumberOn(page))).Succeeded, "the clean attestation still works");
    }

    [Fact]
    public async Task Answer_AsJson_RefusedWithUnsupportedMediaType()
    {
        using var http = new HttpClient { BaseAddress = server.Issuer };
        using var content = new StringContent("{\"jws\":\"x\"}", Encoding.UTF8, new MediaTypeHeaderValue("application/json"));

        using var response = await http.PostAsync("/app/challenges/answer", content);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Pushes_BeyondTheCapOfOutstanding_ThrottledAndCitizenAlertedOnce()
    {
        var citizen = await server.NewCitizenAsync();
        using var app = await CitizenAppClient.EnrolledAsync(server, citizen);
        var browsers = new List<Browser>();
        try
        {
            BrowserStop? last = null;
            for (var i = 0; i < 5; i++)
            {
                var (browser, _, page) = await CitizenAppClient.ChooseAsync(server, citizen, AuthMethod.Push);
                browsers.Add(browser);
                last = page;
                Assert.Equal(i < 3, page.IsPage("device_check"));
            }

            Assert.Contains("Trop de demandes", last!.Html, StringComparison.Ordinal);
            var key = server.Services.GetRequiredService<PseudonymKeys>().Citizen(citizen.Number);
            var journal = await server.Grains.GetGrain<ICitizenJournalGrain>(key).ListAsync(before: null, count: 20);
            Assert.Single(journal.Entries, e => e.Event.Kind == JournalEventKind.PushThrottled);
            Assert.Equal(3, (await app.ReceivePushesAsync()).Count(p => p.IsChallenge));

            // Answering one frees a place.
            await browsers[0].PostStepAsync("device_cancel");
            var (freed, _, again) = await CitizenAppClient.ChooseAsync(server, citizen, AuthMethod.Push);
            browsers.Add(freed);
            Assert.True(again.IsPage("device_check"));
        }
        finally
        {
            browsers.ForEach(b => b.Dispose());
        }
    }
}
