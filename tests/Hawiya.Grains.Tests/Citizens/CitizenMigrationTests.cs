using Hawiya.Contracts.Citizens;
using Hawiya.Contracts.Common;
using Hawiya.Contracts.Devices;
using Hawiya.Contracts.Sessions;
using Hawiya.Grains.Citizens;

namespace Hawiya.Grains.Tests.Citizens;

/// <summary>Citizens stored before the state was split, written straight into storage, then activated.</summary>
[Collection(ClusterCollection.Name)]
public sealed class CitizenMigrationTests(ClusterFixture fixture)
{
    private readonly CitizenStorage storage = new(fixture);

    private static DateTimeOffset InAnHour => ClusterFixture.Time.GetUtcNow().AddHours(1);

    private ICitizenGrain NewCitizen() => fixture.Grains.GetGrain<ICitizenGrain>(fixture.Keys.Citizen(ClusterFixture.NewNationalNumber()));

    /// <summary>A citizen as stored before the split: everything, consents to devices, in "citizen".</summary>
    private static CitizenState Legacy(string sessionId) => new()
    {
        Registered = true,
        Status = CitizenStatus.Active,
        StatusChangedAt = ClusterFixture.Time.GetUtcNow(),
        Methods = new()
        {
            [AuthMethod.Sms] = new CitizenMethodState { Enabled = true, EnrolledAt = ClusterFixture.Time.GetUtcNow() },
            [AuthMethod.Push] = new CitizenMethodState { Enabled = true, EnrolledAt = ClusterFixture.Time.GetUtcNow() },
        },
        Phone = "+212600000096",
        PhoneVerified = true,
        PairwiseSecret = new byte[32],
        LegacyConsents = new() { ["tax-office"] = new CitizenConsentState { Scopes = ["openid", "phone"], GrantedAt = ClusterFixture.Time.GetUtcNow() } },
        LegacySessions = new() { [sessionId] = InAnHour },
        LegacySessionClients = new() { [sessionId] = "tax-office" },
        LegacyDevices = new() { ["device-1"] = new CitizenDeviceState { Label = "phone", PushToken = "token-1", EnrolledAt = ClusterFixture.Time.GetUtcNow() } },
        LegacyOutstandingPushes = new() { ["s-push"] = InAnHour },
        LegacyLastThrottleAlertAt = ClusterFixture.Time.GetUtcNow(),
    };

    [Fact]
    public async Task Activation_LegacyCitizen_MovesConsentsSessionsAndDevicesToTheirOwnStates()
    {
        var citizen = NewCitizen();
        var sessionId = await fixture.BeginSessionAsync("tax-office");
        await storage.WriteAsync("citizen", citizen, Legacy(sessionId));

        var profile = await citizen.GetLoginProfileAsync();

        // What the citizen had still works: contacts, the device behind Push, consents and sessions.
        Assert.Equal([AuthMethod.Sms, AuthMethod.Push], profile.UsableMethods.Order());
        Assert.Equal("+212600000096", profile.Phone);
        var devices = fixture.Grains.GetGrain<ICitizenDevicesGrain>(citizen.GetPrimaryKeyString());
        Assert.True(await devices.IsContactVerifiedAsync(AuthMethod.Sms));
        Assert.Equal("device-1", Assert.Single(await devices.GetDevicesAsync()).DeviceId);
        Assert.Equal("tax-office", Assert.Single(await citizen.GetConsentsAsync()).ClientId);
        Assert.Equal([sessionId], await citizen.GetSessionsAsync());

        // Stored: each part in its own state, and nothing left in the legacy fields.
        var consents = await storage.ReadAsync<CitizenConsentsState>("citizen-consents", citizen);
        var sessions = await storage.ReadAsync<CitizenSessionsState>("citizen-sessions", citizen);
        var stored = await storage.ReadAsync<CitizenDevicesState>("citizen-devices", citizen);
        Assert.True(consents.RecordExists && sessions.RecordExists && stored.RecordExists);
        Assert.Equal(["tax-office"], consents.State.Consents.Keys);
        Assert.Equal("tax-office", sessions.State.Clients[sessionId]);
        Assert.Equal(["device-1"], stored.State.Devices.Keys);
        Assert.Equal(["s-push"], stored.State.OutstandingPushes.Keys);
        Assert.Equal(ClusterFixture.Time.GetUtcNow(), stored.State.LastThrottleAlertAt);
        var citizenState = (await storage.ReadAsync<CitizenState>("citizen", citizen)).State;
        Assert.Null(citizenState.LegacyConsents);
        Assert.Null(citizenState.LegacySessions);
        Assert.Null(citizenState.LegacySessionClients);
        Assert.Null(citizenState.LegacyDevices);
        Assert.Null(citizenState.LegacyOutstandingPushes);
        Assert.Null(citizenState.LegacyLastThrottleAlertAt);
        Assert.Equal("+212600000096", citizenState.Phone);
    }

    [Fact]
    public async Task RevokeProviderAsync_AfterTheMove_EndsTheProvidersMovedSessionAndConsent()
    {
        var citizen = NewCitizen();
        var sessionId = await fixture.BeginSessionAsync("tax-office");
        await storage.WriteAsync("citizen", citizen, Legacy(sessionId));

        var revocation = await citizen.RevokeProviderAsync("tax-office");

        Assert.Equal(new ProviderRevocation { ConsentRemoved = true, SessionsRevoked = 1 }, revocation);
        Assert.Equal(SessionStatus.Revoked, (await fixture.Grains.GetGrain<IAuthSessionGrain>(sessionId).GetAsync()).Status);
        Assert.Empty(await citizen.GetConsentsAsync());
    }

    [Fact]
    public async Task Activation_MoveCutShortAfterTheConsents_KeepsTheWrittenStateAndFinishesTheRest()
    {
        var citizen = NewCitizen();
        var sessionId = await fixture.BeginSessionAsync("tax-office");
        // The silo died after writing the consents (then changed by a later grant) and before emptying "citizen".
        var written = new CitizenConsentsState { Consents = { ["bank-portal"] = new CitizenConsentState { Scopes = ["openid"] } } };
        await storage.WriteAsync("citizen-consents", citizen, written);
        await storage.WriteAsync("citizen", citizen, Legacy(sessionId));

        var consents = await citizen.GetConsentsAsync();

        Assert.Equal("bank-portal", Assert.Single(consents).ClientId);
        Assert.Equal([sessionId], await citizen.GetSessionsAsync());
        Assert.Null((await storage.ReadAsync<CitizenState>("citizen", citizen)).State.LegacyConsents);
    }

    [Fact]
    public async Task Activation_CitizenStoredAfterTheSplit_WritesNothing()
    {
        var citizen = NewCitizen();
        await storage.WriteAsync("citizen", citizen, new CitizenState { Registered = true, Status = CitizenStatus.Active });
        var before = await storage.ETagsAsync(citizen);

        var snapshot = await citizen.GetAsync();

        Assert.Equal(CitizenStatus.Active, snapshot.Status);
        Assert.Empty(CitizenStorage.Changed(before, await storage.ETagsAsync(citizen)));
    }
}
