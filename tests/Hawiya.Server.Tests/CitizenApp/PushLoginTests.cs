using System.Net;
using Hawiya.Contracts.Citizens;
using Hawiya.Contracts.Common;
using Hawiya.Contracts.Journal;
using Hawiya.Server.Tests.Oidc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Hawiya.Server.Tests.CitizenApp;

/// <summary>Push approval with number matching and face attestation, end to end through the citizen app simulator.</summary>
[Collection(OidcCollection.Name)]
public sealed class PushLoginTests(OidcServer server)
{
    [Fact]
    public async Task PushLogin_NumberMatchedOnTheApp_ReachesEidas2WithSwkAndUser()
    {
        var citizen = await server.NewCitizenAsync();
        using var app = await CitizenAppClient.EnrolledAsync(server, citizen);
        var (browser, request, page) = await CitizenAppClient.ChooseAsync(server, citizen, AuthMethod.Push);
        using var _ = browser;
        Assert.True(page.IsPage("device_check"), "the page should wait for the phone");
        Assert.Contains("http-equiv=\"refresh\"", page.Html, StringComparison.Ordinal);

        var approved = await app.ApprovePendingAsync(CitizenAppClient.NumberOn(page));
        Assert.True(approved.Succeeded, $"{approved.Status} {approved.Error} {approved.Detail}");
        var jwt = await CitizenAppClient.IdTokenAfterApprovalAsync(server, browser, request);

        Assert.Equal("eidas2", jwt.GetClaim("acr").Value);
        Assert.Equal(["swk", "user"], jwt.Claims.Where(c => c.Type == "amr").Select(c => c.Value).Order());
    }

    [Fact]
    public async Task FaceLogin_AttestationSignedByTheDevice_ReachesEidas2WithFace()
    {
        var citizen = await server.NewCitizenAsync();
        using var app = await CitizenAppClient.EnrolledAsync(server, citizen);
        var (browser, request, page) = await CitizenAppClient.ChooseAsync(server, citizen, AuthMethod.Face);
        using var _ = browser;
        Assert.True(page.IsPage("device_check"));

        var attested = await app.AttestFacePendingAsync(CitizenAppClient.NumberOn(page));
        Assert.True(attested.Succeeded, $"{attested.Status} {attested.Error} {attested.Detail}");
        var jwt = await CitizenAppClient.IdTokenAfterApprovalAsync(server, browser, request);

        Assert.Equal("eidas2", jwt.GetClaim("acr").Value);
        Assert.Equal(["face", "swk"], jwt.Claims.Where(c => c.Type == "amr").Select(c => c.Value).Order());
    }

    [Fact]
    public async Task FaceLogin_MatchedFaceWithoutTheNumberOnThePage_DoesNotLogIn()
    {
        var citizen = await server.NewCitizenAsync();
        using var app = await CitizenAppClient.EnrolledAsync(server, citizen);
        var (browser, _, page) = await CitizenAppClient.ChooseAsync(server, citizen, AuthMethod.Face);
        using var _ = browser;

        // The face check an attacker's page started reaches the citizen's phone; the citizen's face
        // matches, but only the attacker's page shows the number.
        var attested = await app.AttestFacePendingAsync(number: null);

        Assert.False(attested.Succeeded);
        Assert.Equal("wrong_number", attested.Error);
        Assert.True((await browser.PostStepAsync("device_check")).IsPage("device_check"), "the login is still waiting");
        Assert.True((await app.AttestFacePendingAsync(CitizenAppClient.NumberOn(page))).Succeeded);
    }

    [Fact]
    public async Task StepUp_PasswordThenPush_SameSessionReachesEidas2WithMfa()
    {
        var citizen = await server.NewCitizenAsync();
        using var app = await CitizenAppClient.EnrolledAsync(server, citizen);
        var (browser, request, _) = await CitizenAppClient.ChooseAsync(server, citizen, AuthMethod.Password);
        using var _ = browser;
        var afterPassword = await browser.PostStepAsync("password", ("password", OidcServer.Password));
        Assert.True(afterPassword.IsPage("method"), "a second factor is asked for");

        var page = await browser.PostStepAsync("method", ("method", "Push"));
        await app.ApprovePendingAsync(CitizenAppClient.NumberOn(page));
        var jwt = await CitizenAppClient.IdTokenAfterApprovalAsync(server, browser, request);

        Assert.Equal("eidas2", jwt.GetClaim("acr").Value);
        Assert.Equal(["mfa", "pwd", "swk", "user"], jwt.Claims.Where(c => c.Type == "amr").Select(c => c.Value).Order());
    }

    [Fact]
    public async Task MethodsPage_BeforeAFactor_IsTheSameWithOrWithoutADeviceAndForAnUnknownNumber()
    {
        // Issue 26, finding 12: until a first factor passes, the page says nothing of what the
        // citizen enrolled. (It used to offer push and face only to a citizen with a device, and
        // password and SMS only to an unknown number: that expectation was the leak.)
        var citizen = await server.NewCitizenAsync();
        var before = Offered(await MethodsPageAsync(citizen.Number));
        using var app = await CitizenAppClient.EnrolledAsync(server, citizen);

        var after = Offered(await MethodsPageAsync(citizen.Number));
        var unknown = Offered(await MethodsPageAsync("C" + Guid.NewGuid().ToString("N")[..12].ToUpperInvariant()));

        Assert.Equal(["Password", "Sms", "Email", "Push", "Face"], before);
        Assert.Equal(before, after);
        Assert.Equal(before, unknown);
    }

    [Fact]
    public async Task MethodsPage_AfterTheFirstFactor_CitizenTurnedPushOff_OffersFaceNotPush()
    {
        var citizen = await server.NewCitizenAsync();
        using var app = await CitizenAppClient.EnrolledAsync(server, citizen);
        var off = await app.SetMethodEnabledAsync("Push", enabled: false);
        var (browser, _, _) = await CitizenAppClient.ChooseAsync(server, citizen, AuthMethod.Password);
        using var _ = browser;

        var page = await browser.PostStepAsync("password", ("password", OidcServer.Password));

        Assert.True(off.Succeeded, $"{off.Status} {off.Error}");
        Assert.True(page.IsPage("method"), "a second factor is asked for");
        Assert.DoesNotContain("value=\"Push\"", page.Html, StringComparison.Ordinal);
        Assert.Contains("value=\"Face\"", page.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Push_CitizenWithoutADevice_WaitsWithANumberAsForAnyone()
    {
        var citizen = await server.NewCitizenAsync();

        var (browser, _, page) = await CitizenAppClient.ChooseAsync(server, citizen, AuthMethod.Push);
        using var _ = browser;

        Assert.True(page.IsPage("device_check"), "the page waits, as it does for a citizen with a phone");
        Assert.NotEmpty(CitizenAppClient.NumberOn(page));
        Assert.True((await browser.PostStepAsync("device_check")).IsPage("device_check"), "and nothing answers it");
    }

    private static string[] Offered(string html) =>
        [.. new[] { "Password", "Sms", "Email", "Push", "Face" }.Where(m => html.Contains($"value=\"{m}\"", StringComparison.Ordinal))];

    private async Task<string> MethodsPageAsync(string nationalNumber)
    {
        using var browser = new Browser(server.Issuer);
        await browser.OpenAsync(new AuthorizationRequest(OidcServer.DeviceClientId).Url());
        return (await browser.PostStepAsync("identify", ("national_number", nationalNumber))).Html;
    }

    [Fact]
    public async Task PushApproval_WrongNumber_RefusedAndCountedUntilPushLocks()
    {
        var citizen = await server.NewCitizenAsync();
        using var app = await CitizenAppClient.EnrolledAsync(server, citizen);
        var (browser, _, page) = await CitizenAppClient.ChooseAsync(server, citizen, AuthMethod.Push);
        using var _ = browser;
        var wrong = CitizenAppClient.NumberOn(page) == "10" ? "11" : "10";

        var first = await app.ApprovePendingAsync(wrong);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, first.Status);
        Assert.Equal("wrong_number", first.Error);
        Assert.Equal(2, first.AttemptsLeft);
        Assert.True((await browser.PostStepAsync("device_check")).IsPage("device_check"), "still waiting after a wrong number");

        // Two more spend this push (3 per push); two on a second push make five failures: locked.
        await app.ApprovePendingAsync(wrong);
        await app.ApprovePendingAsync(wrong);
        var again = await browser.PostStepAsync("method", ("method", "Push"));
        await app.ApprovePendingAsync(CitizenAppClient.NumberOn(again) == "10" ? "11" : "10");
        await app.ApprovePendingAsync(CitizenAppClient.NumberOn(again) == "10" ? "11" : "10");

        var key = server.Services.GetRequiredService<PseudonymKeys>().Citizen(citizen.Number);
        var profile = await server.Grains.GetGrain<ICitizenGrain>(key).GetLoginProfileAsync();
        Assert.DoesNotContain(AuthMethod.Push, profile.UsableMethods);
        Assert.Contains(AuthMethod.Face, profile.UsableMethods);
    }

    [Fact]
    public async Task DenyAndReport_AlertRecordedAndCounted_IdentityNotFrozen()
    {
        var citizen = await server.NewCitizenAsync();
        using var app = await CitizenAppClient.EnrolledAsync(server, citizen);
        var (browser, _, _) = await CitizenAppClient.ChooseAsync(server, citizen, AuthMethod.Push);
        using var _ = browser;

        var denied = await app.DenyPendingAsync();
        var page = await browser.PostStepAsync("device_check");

        Assert.True(denied.Succeeded, $"{denied.Status} {denied.Error}");
        Assert.True(page.IsPage("method"), "the citizen is offered the other methods");
        Assert.Contains("refus", page.Html, StringComparison.Ordinal);
        var key = server.Services.GetRequiredService<PseudonymKeys>().Citizen(citizen.Number);
        var journal = await server.Grains.GetGrain<ICitizenJournalGrain>(key).ListAsync(before: null, count: 10);
        var alert = journal.Entries.Select(e => e.Event).Single(e => e.Kind == JournalEventKind.PushDenied);
        Assert.Equal(OidcServer.DeviceClientId, alert.ClientId);
        Assert.Equal(CitizenStatus.Active, (await server.Grains.GetGrain<ICitizenGrain>(key).GetAsync()).Status);
        // The denial counted: four more failures lock push.
        for (var i = 0; i < 4; i++)
        {
            await server.Grains.GetGrain<ICitizenGrain>(key).RecordFailureAsync(AuthMethod.Push);
        }

        Assert.DoesNotContain(AuthMethod.Push, (await server.Grains.GetGrain<ICitizenGrain>(key).GetLoginProfileAsync()).UsableMethods);
    }
}
