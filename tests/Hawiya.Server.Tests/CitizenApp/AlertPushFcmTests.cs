using Hawiya.Contracts.Common;
using Hawiya.Contracts.Devices;
using Hawiya.Gateways.Outbox;
using Hawiya.Server.Tests.Citizens;
using Hawiya.Server.Tests.Oidc;
using Microsoft.Extensions.DependencyInjection;

namespace Hawiya.Server.Tests.CitizenApp;

/// <summary>Alerts pushed through the real FCM client to a loopback FCM.</summary>
[Collection(FcmCollection.Name)]
public sealed class AlertPushFcmTests(FcmOidcServer server)
{
    [Fact]
    public async Task Alert_OnlyDeviceUnregistered_DeviceRemovedAndTheUseAlertEmailed()
    {
        var citizen = await server.NewCitizenAsync();
        var (_, token) = await CitizenAppClient.EnrollDeviceAsync(server, citizen, "old phone");
        // The new-device alert reaches FCM first; then the app is uninstalled.
        var enrolledAlert = await AlertPushTests.WaitForAsync(() => server.Google.Delivered.FirstOrDefault(m => m["token"]?.GetValue<string>() == token));
        Assert.Equal("alert", enrolledAlert["data"]?["kind"]?.GetValue<string>());
        server.Google.UnregisteredTokens[token] = true;

        var (_, _, browser) = await Login.CodeAsync(server, citizen.Number);
        browser.Dispose();

        var email = citizen.Number.ToLowerInvariant() + "@example.ma";
        await AlertPushTests.WaitForAsync(() => server.Outbox.GetMessages(OutboxChannel.Email, email).FirstOrDefault(m => m.Body.Contains("connexion à", StringComparison.Ordinal)));
        var citizenKey = server.Services.GetRequiredService<PseudonymKeys>().Citizen(citizen.Number);
        Assert.Empty(await server.Grains.GetGrain<ICitizenDevicesGrain>(citizenKey).GetDevicesAsync());
        Assert.Single(server.Google.Delivered, m => m["token"]?.GetValue<string>() == token);
    }
}
