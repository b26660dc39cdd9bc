using Hawiya.CitizenApp;
using Hawiya.Contracts.Common;
using Hawiya.Contracts.Devices;
using Hawiya.Server.Tests.Oidc;
using Microsoft.Extensions.DependencyInjection;

namespace Hawiya.Server.Tests.CitizenApp;

/// <summary>FCM's UNREGISTERED answer removes the device from the citizen's devices.</summary>
[Collection(FcmCollection.Name)]
public sealed class UnregisteredDeviceTests(FcmOidcServer server)
{
    [Fact]
    public async Task Push_FcmAnswersUnregistered_DeviceRemovedOtherDeviceKept()
    {
        var citizen = await server.NewCitizenAsync();
        using var gone = await CitizenAppClient.EnrolledAsync(server, citizen, "old phone");
        using var kept = await CitizenAppClient.EnrolledAsync(server, citizen, "new phone");
        server.Google.UnregisteredTokens[gone.PushToken] = true;
        // Alerts (the new devices) are pushed too, off the login path: count the login challenges only.
        int Challenges() => server.Google.Delivered.Count(m => m["data"]?["kind"]?.GetValue<string>() == "push");
        var delivered = Challenges();

        var (browser, _, page) = await CitizenAppClient.ChooseAsync(server, citizen, AuthMethod.Push);
        using var _ = browser;

        Assert.True(page.IsPage("device_check"), "the push reached the other device");
        Assert.Equal(delivered + 1, Challenges());
        var key = server.Services.GetRequiredService<PseudonymKeys>().Citizen(citizen.Number);
        var device = Assert.Single(await server.Grains.GetGrain<ICitizenDevicesGrain>(key).GetDevicesAsync());
        Assert.Equal(kept.Key.Id, device.DeviceId);
    }

    [Fact]
    public async Task Push_OnlyDeviceUnregistered_RemovedAndTheMethodsPageShownAgain()
    {
        var citizen = await server.NewCitizenAsync();
        using var app = await CitizenAppClient.EnrolledAsync(server, citizen);
        // The enrollment's alert is pushed to the new device off the login path: once it has
        // arrived, the login's push is the first to find the token dead.
        SpinWait.SpinUntil(() => server.Google.Delivered.Any(m => m["token"]?.GetValue<string>() == app.PushToken && m["data"]?["kind"]?.GetValue<string>() == "alert"), TimeSpan.FromSeconds(10));
        server.Google.UnregisteredTokens[app.PushToken] = true;

        var (browser, _, page) = await CitizenAppClient.ChooseAsync(server, citizen, AuthMethod.Push);
        using var _ = browser;

        // Before a first factor every citizen is offered push (issue 26, finding 12): the page no
        // longer drops it when the last device goes, which told that the citizen has none left.
        Assert.True(page.IsPage("method"));
        var key = server.Services.GetRequiredService<PseudonymKeys>().Citizen(citizen.Number);
        Assert.Empty(await server.Grains.GetGrain<ICitizenDevicesGrain>(key).GetDevicesAsync());
    }
}
