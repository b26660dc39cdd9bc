using Hawiya.CitizenApp;
using Hawiya.Contracts.Citizens;
using Hawiya.Contracts.Common;
using Hawiya.Contracts.Devices;
using Hawiya.Contracts.Journal;

namespace Hawiya.Grains.Tests.Devices;

[Collection(ClusterCollection.Name)]
public sealed class CitizenDevicesTests(ClusterFixture fixture)
{
    [Fact]
    public async Task EnrollDeviceAsync_FirstDevice_EnrollsPushAndFaceAndJournalsIt()
    {
        var key = await ActiveCitizenAsync();
        using var device = DeviceKey.Create();

        var result = await fixture.Grains.GetGrain<ICitizenDevicesGrain>(key).EnrollDeviceAsync(Enrollment(device));

        Assert.True(result.Succeeded);
        Assert.Equal(device.Id, result.Device!.DeviceId);
        var snapshot = await fixture.Grains.GetGrain<ICitizenGrain>(key).GetAsync();
        Assert.True(snapshot.IsEnabled(AuthMethod.Push) && snapshot.IsEnabled(AuthMethod.Face));
        var journal = await fixture.Grains.GetGrain<ICitizenJournalGrain>(key).ListAsync(null, 10);
        Assert.Equal(JournalEventKind.MethodEnrolled, Assert.Single(journal.Entries).Event.Kind);
        Assert.Contains(AuthMethod.Push, (await fixture.Grains.GetGrain<ICitizenGrain>(key).GetLoginProfileAsync()).UsableMethods);
    }

    [Fact]
    public async Task EnrollDeviceAsync_PointNotOnP256_RefusedAndNothingEnrolled()
    {
        var key = await ActiveCitizenAsync();
        using var device = DeviceKey.Create();
        var off = Enrollment(device) with { PublicKeyY = device.X };

        var result = await fixture.Grains.GetGrain<ICitizenDevicesGrain>(key).EnrollDeviceAsync(off);

        Assert.Equal(DeviceError.InvalidDevice, result.Error);
        Assert.False((await fixture.Grains.GetGrain<ICitizenGrain>(key).GetAsync()).IsEnabled(AuthMethod.Push));
    }

    [Fact]
    public async Task EnrollDeviceAsync_IdentityNotActivated_Refused()
    {
        var key = fixture.Keys.Citizen(ClusterFixture.NewNationalNumber());
        await fixture.Grains.GetGrain<ICitizenGrain>(key).RegisterAsync();
        using var device = DeviceKey.Create();

        var result = await fixture.Grains.GetGrain<ICitizenDevicesGrain>(key).EnrollDeviceAsync(Enrollment(device));

        Assert.Equal(DeviceError.NotActive, result.Error);
    }

    [Fact]
    public async Task ReservePushAsync_BeyondTheCap_RefusedAndAlertsOncePerWindow()
    {
        var key = await ActiveCitizenAsync();
        var devices = fixture.Grains.GetGrain<ICitizenDevicesGrain>(key);
        var until = ClusterFixture.Time.GetUtcNow().AddHours(1);
        for (var i = 0; i < 2; i++)
        {
            Assert.True((await devices.ReservePushAsync("s-" + i, until, maxOutstanding: 2)).Allowed);
        }

        var refused = await devices.ReservePushAsync("s-2", until, 2);
        await devices.ReservePushAsync("s-3", until, 2);
        var sameSession = await devices.ReservePushAsync("s-1", until, 2);
        ClusterFixture.Time.Advance(CitizenGrainWindow);
        await devices.ReservePushAsync("s-4", until, 2);

        Assert.False(refused.Allowed);
        Assert.True(sameSession.Allowed, "a session already counted may send again");
        var journal = await fixture.Grains.GetGrain<ICitizenJournalGrain>(key).ListAsync(null, 10);
        Assert.Equal(2, journal.Entries.Count(e => e.Event.Kind == JournalEventKind.PushThrottled));
    }

    [Fact]
    public async Task ReservePushAsync_OutstandingPushesLapseOrAreReleased_PlacesFreed()
    {
        var key = await ActiveCitizenAsync();
        var devices = fixture.Grains.GetGrain<ICitizenDevicesGrain>(key);
        var now = ClusterFixture.Time.GetUtcNow();
        await devices.ReservePushAsync("s-a", now.AddMinutes(2), 2);
        await devices.ReservePushAsync("s-b", now.AddHours(1), 2);

        await devices.ReleasePushAsync("s-b");
        ClusterFixture.Time.Advance(TimeSpan.FromMinutes(3));
        var first = await devices.ReservePushAsync("s-c", now.AddHours(2), 2);
        var second = await devices.ReservePushAsync("s-d", now.AddHours(2), 2);

        Assert.True(first.Allowed && second.Allowed);
    }

    [Fact]
    public async Task ConfirmContactAsync_CodeExpired_NoVerificationAndNothingChanged()
    {
        var key = await ActiveCitizenAsync();
        var devices = fixture.Grains.GetGrain<ICitizenDevicesGrain>(key);
        var started = await devices.StartContactVerificationAsync(AuthMethod.Sms, "+212611112222");

        ClusterFixture.Time.Advance(TimeSpan.FromMinutes(11));
        var late = await devices.ConfirmContactAsync(AuthMethod.Sms, started.Code);

        Assert.Equal(DeviceError.NoVerification, late.Error);
        Assert.False(await devices.IsContactVerifiedAsync(AuthMethod.Sms));
        Assert.NotEqual("+212611112222", (await fixture.Grains.GetGrain<ICitizenGrain>(key).GetLoginProfileAsync()).Phone);
    }

    [Fact]
    public async Task StartContactVerificationAsync_NotE164_InvalidContact()
    {
        var key = await ActiveCitizenAsync();

        var result = await fixture.Grains.GetGrain<ICitizenDevicesGrain>(key).StartContactVerificationAsync(AuthMethod.Sms, "06 12 34 56 78");

        Assert.Equal(DeviceError.InvalidContact, result.Error);
        Assert.Empty(result.Code);
    }

    [Fact]
    public async Task RemoveDeviceByPushTokenAsync_DeadToken_RemovesOnlyThatDevice()
    {
        var key = await ActiveCitizenAsync();
        var devices = fixture.Grains.GetGrain<ICitizenDevicesGrain>(key);
        using var first = DeviceKey.Create();
        using var second = DeviceKey.Create();
        await devices.EnrollDeviceAsync(Enrollment(first, "token-1"));
        await devices.EnrollDeviceAsync(Enrollment(second, "token-2"));

        var removed = await devices.RemoveDeviceByPushTokenAsync("token-1");
        var unknown = await devices.RemoveDeviceByPushTokenAsync("token-9");

        Assert.True(removed);
        Assert.False(unknown);
        Assert.Equal(second.Id, Assert.Single(await devices.GetDevicesAsync()).DeviceId);
    }

    private static readonly TimeSpan CitizenGrainWindow = Hawiya.Grains.Citizens.CitizenGrain.ThrottleAlertWindow;

    internal static DeviceEnrollment Enrollment(DeviceKey key, string token = "token") =>
        new() { Label = "phone", PublicKeyX = key.X, PublicKeyY = key.Y, PushToken = token };

    private async Task<string> ActiveCitizenAsync()
    {
        var key = fixture.Keys.Citizen(ClusterFixture.NewNationalNumber());
        var result = await fixture.Grains.GetGrain<ICitizenGrain>(key).ImportAsync(new CitizenImport
        {
            Methods = [AuthMethod.Password],
            Activate = true,
            Credentials = new CitizenCredentials { Phone = "+212600000099" },
        });
        Assert.True(result.Succeeded);
        return key;
    }
}
