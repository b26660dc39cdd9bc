using Hawiya.Contracts.Citizens;
using Hawiya.Contracts.Common;
using Hawiya.Contracts.Devices;
using Hawiya.Grains.Citizens;

namespace Hawiya.Grains.Tests.Citizens;

/// <summary>Which of the citizen's states each operation writes, read back from the silo's grain storage.</summary>
[Collection(ClusterCollection.Name)]
public sealed class CitizenStateWriteTests(ClusterFixture fixture)
{
    private readonly CitizenStorage storage = new(fixture);

    private static DateTimeOffset InAnHour => ClusterFixture.Time.GetUtcNow().AddHours(1);

    private static Consent ConsentOf(string clientId) =>
        new() { ClientId = clientId, Scopes = ["openid", "phone"], Claims = [], GrantedAt = ClusterFixture.Time.GetUtcNow() };

    /// <summary>An active citizen with every one of its four states already written once.</summary>
    private async Task<ICitizenGrain> CitizenWithEveryStateAsync()
    {
        var key = fixture.Keys.Citizen(ClusterFixture.NewNationalNumber());
        var citizen = fixture.Grains.GetGrain<ICitizenGrain>(key);
        var imported = await citizen.ImportAsync(new CitizenImport
        {
            Methods = [AuthMethod.Sms],
            Activate = true,
            Credentials = new CitizenCredentials { Phone = "+212600000097" },
        });
        Assert.True(imported.Succeeded);
        await citizen.GrantConsentAsync(ConsentOf("bank-portal"), "bank.example.ma");
        await citizen.AddSessionAsync("s-" + Guid.NewGuid().ToString("N")[..22], InAnHour, "bank-portal");
        await fixture.Grains.GetGrain<ICitizenDevicesGrain>(key).ReservePushAsync("s-push", InAnHour, maxOutstanding: 3);
        Assert.DoesNotContain(null, (await storage.ETagsAsync(citizen)).Values);
        return citizen;
    }

    [Fact]
    public async Task GrantConsentAsync_NewProvider_WritesOnlyTheConsents()
    {
        var citizen = await CitizenWithEveryStateAsync();
        var before = await storage.ETagsAsync(citizen);

        var release = await citizen.GrantConsentAsync(ConsentOf("tax-office"), "tax.example.ma");

        Assert.Equal("tax-office", release.Consent?.ClientId);
        Assert.Equal(["citizen-consents"], CitizenStorage.Changed(before, await storage.ETagsAsync(citizen)));
        var stored = await storage.ReadAsync<CitizenConsentsState>("citizen-consents", citizen);
        Assert.Equal(["bank-portal", "tax-office"], stored.State.Consents.Keys.Order());
    }

    [Fact]
    public async Task AddSessionAsync_NewSession_WritesOnlyTheSessions()
    {
        var citizen = await CitizenWithEveryStateAsync();
        var before = await storage.ETagsAsync(citizen);

        await citizen.AddSessionAsync("s-new", InAnHour, "tax-office");

        Assert.Equal(["citizen-sessions"], CitizenStorage.Changed(before, await storage.ETagsAsync(citizen)));
        var stored = await storage.ReadAsync<CitizenSessionsState>("citizen-sessions", citizen);
        Assert.Equal(InAnHour, stored.State.Sessions["s-new"]);
        Assert.Equal("tax-office", stored.State.Clients["s-new"]);
    }

    [Fact]
    public async Task AddSessionAsync_SessionAlreadyKnown_WritesNothing()
    {
        var citizen = await CitizenWithEveryStateAsync();
        await citizen.AddSessionAsync("s-known", InAnHour, "tax-office");
        var before = await storage.ETagsAsync(citizen);

        await citizen.AddSessionAsync("s-known", InAnHour, "tax-office");

        Assert.Empty(CitizenStorage.Changed(before, await storage.ETagsAsync(citizen)));
    }

    [Fact]
    public async Task RecordFailureThenSuccess_ALoginAfterAWrongCode_WritesOnlyTheCitizen()
    {
        var citizen = await CitizenWithEveryStateAsync();
        var before = await storage.ETagsAsync(citizen);

        await citizen.RecordFailureAsync(AuthMethod.Sms);
        var afterFailure = await storage.ETagsAsync(citizen);
        await citizen.RecordSuccessAsync(AuthMethod.Sms);
        var afterSuccess = await storage.ETagsAsync(citizen);

        Assert.Equal(["citizen"], CitizenStorage.Changed(before, afterFailure));
        Assert.Equal(["citizen"], CitizenStorage.Changed(afterFailure, afterSuccess));
        Assert.Empty((await storage.ReadAsync<CitizenState>("citizen", citizen)).State.Failures);
    }

    [Fact]
    public async Task LoginReads_ProfileSuccessWithoutFailuresAndRelease_WriteNothing()
    {
        var citizen = await CitizenWithEveryStateAsync();
        var before = await storage.ETagsAsync(citizen);

        var profile = await citizen.GetLoginProfileAsync();
        await citizen.RecordSuccessAsync(AuthMethod.Sms);
        var release = await citizen.GetReleaseAsync("bank.example.ma", "bank-portal");

        Assert.Equal([AuthMethod.Sms], profile.UsableMethods);
        Assert.Equal("+212600000097", release.Phone);
        Assert.Equal("bank-portal", release.Consent?.ClientId);
        Assert.Empty(CitizenStorage.Changed(before, await storage.ETagsAsync(citizen)));
    }

    [Fact]
    public async Task RevokeProviderAsync_ConsentAndSession_WritesTheSessionsAndTheConsentsOnly()
    {
        var citizen = await CitizenWithEveryStateAsync();
        var before = await storage.ETagsAsync(citizen);

        var revocation = await citizen.RevokeProviderAsync("bank-portal");

        Assert.Equal(new ProviderRevocation { ConsentRemoved = true, SessionsRevoked = 1 }, revocation);
        Assert.Equal(["citizen-consents", "citizen-sessions"], CitizenStorage.Changed(before, await storage.ETagsAsync(citizen)));
        Assert.Empty((await storage.ReadAsync<CitizenSessionsState>("citizen-sessions", citizen)).State.Sessions);
        Assert.Empty((await storage.ReadAsync<CitizenConsentsState>("citizen-consents", citizen)).State.Consents);
    }

    [Fact]
    public async Task ReservePushAsync_NewPush_WritesOnlyTheDevices()
    {
        var citizen = await CitizenWithEveryStateAsync();
        var before = await storage.ETagsAsync(citizen);

        var allowance = await fixture.Grains.GetGrain<ICitizenDevicesGrain>(citizen.GetPrimaryKeyString()).ReservePushAsync("s-other", InAnHour, maxOutstanding: 3);

        Assert.True(allowance.Allowed);
        Assert.Equal(["citizen-devices"], CitizenStorage.Changed(before, await storage.ETagsAsync(citizen)));
    }
}
