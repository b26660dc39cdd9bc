using System.Net;
using Hawiya.Contracts.Citizens;
using Hawiya.Contracts.Common;
using Hawiya.Contracts.Devices;
using Hawiya.Contracts.Journal;
using Hawiya.Gateways.Outbox;
using Hawiya.Server.Tests.Citizens;
using Hawiya.Server.Tests.Oidc;
using Microsoft.Extensions.DependencyInjection;

namespace Hawiya.Server.Tests.CitizenApp;

/// <summary>
/// Issue 26, finding 3: an eidas1 login through the app (a stolen password alone) cannot remove
/// devices or turn methods off, and every change the app makes is journalled and alerted.
/// </summary>
[Collection(OidcCollection.Name)]
public sealed class AppStepUpTests(OidcServer server)
{
    [Fact]
    public async Task RemoveDevice_Eidas1Login_RefusedWithAStepUpChallengeAndTheDeviceKept()
    {
        var citizen = await server.NewCitizenAsync();
        var (device, _) = await CitizenAppClient.EnrollDeviceAsync(server, citizen, "holder's phone");
        using var attacker = await CitizenAppClient.SignedInAsync(server, citizen, acr: "eidas1");

        var removed = await attacker.RemoveDeviceAsync(device.DeviceId);

        Assert.Equal(HttpStatusCode.Unauthorized, removed.Status);
        Assert.Equal("insufficient_user_authentication", removed.Error);
        Assert.Equal(device.DeviceId, Assert.Single(await server.Grains.GetGrain<ICitizenDevicesGrain>(Key(citizen)).GetDevicesAsync()).DeviceId);
    }

    [Fact]
    public async Task SetMethodEnabled_OffFromAnEidas1Login_RefusedAndTheMethodStaysOn()
    {
        var citizen = await server.NewCitizenAsync();
        using var attacker = await CitizenAppClient.SignedInAsync(server, citizen, acr: "eidas1");

        var off = await attacker.SetMethodEnabledAsync("Sms", enabled: false);

        Assert.Equal(HttpStatusCode.Unauthorized, off.Status);
        Assert.Equal("insufficient_user_authentication", off.Error);
        Assert.True((await server.Grains.GetGrain<ICitizenGrain>(Key(citizen)).GetAsync()).IsEnabled(AuthMethod.Sms));
    }

    [Fact]
    public async Task RemoveDevice_Eidas2Login_JournalsMethodDisabledAndAlertsByEmail()
    {
        var citizen = await server.NewCitizenAsync();
        var (device, _) = await CitizenAppClient.EnrollDeviceAsync(server, citizen, "old phone");
        using var app = await CitizenAppClient.SignedInAsync(server, citizen);

        var removed = await app.RemoveDeviceAsync(device.DeviceId);

        Assert.True(removed.Succeeded, $"{removed.Status} {removed.Error}");
        var entry = (await server.Grains.GetGrain<ICitizenJournalGrain>(Key(citizen)).ListAsync(null, 10)).Entries.First().Event;
        Assert.Equal(JournalEventKind.MethodDisabled, entry.Kind);
        Assert.Equal("device", entry.Detail);
        Assert.Equal(LevelOfAssurance.Substantial, entry.Level);
        await AlertPushTests.WaitForAsync(() => server.Outbox.GetMessages(OutboxChannel.Email, Email(citizen))
            .FirstOrDefault(m => m.Body.Contains("méthode de connexion désactivée", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task SetMethodEnabled_OffThenOnFromAnEidas2Login_JournalsBothChanges()
    {
        var citizen = await server.NewCitizenAsync();
        using var app = await CitizenAppClient.SignedInAsync(server, citizen);

        var off = await app.SetMethodEnabledAsync("Password", enabled: false);
        var on = await app.SetMethodEnabledAsync("Password", enabled: true);
        var again = await app.SetMethodEnabledAsync("Password", enabled: true);

        Assert.True(off.Succeeded && on.Succeeded && again.Succeeded, $"{off.Status} {on.Status} {again.Status}");
        var entries = (await server.Grains.GetGrain<ICitizenJournalGrain>(Key(citizen)).ListAsync(null, 10)).Entries
            .Where(e => e.Event.Detail == "Password").Select(e => e.Event.Kind).ToArray();
        Assert.Equal([JournalEventKind.MethodEnabled, JournalEventKind.MethodDisabled], entries);
    }

    [Fact]
    public async Task ListDevices_Eidas1Login_StillReads()
    {
        var citizen = await server.NewCitizenAsync();
        await CitizenAppClient.EnrollDeviceAsync(server, citizen, "phone");
        using var app = await CitizenAppClient.SignedInAsync(server, citizen, acr: "eidas1");

        Assert.Single(await app.DevicesAsync());
    }

    private string Key(TestCitizen citizen) => server.Services.GetRequiredService<PseudonymKeys>().Citizen(citizen.Number);

    private static string Email(TestCitizen citizen) => citizen.Number.ToLowerInvariant() + "@example.ma";
}
