using Hawiya.Contracts.Citizens;
using Hawiya.Contracts.Common;
using Hawiya.Contracts.Sessions;

namespace Hawiya.Grains.Tests.Citizens;

[Collection(ClusterCollection.Name)]
public sealed class CitizenConsentTests(ClusterFixture fixture)
{
    private async Task<ICitizenGrain> NewCitizenAsync()
    {
        var citizen = fixture.Grains.GetGrain<ICitizenGrain>(fixture.Keys.Citizen(ClusterFixture.NewNationalNumber()));
        var imported = await citizen.ImportAsync(new CitizenImport { Methods = [AuthMethod.Sms], Activate = true, Credentials = new CitizenCredentials { Phone = "+212600000098" } });
        Assert.True(imported.Succeeded);
        return citizen;
    }

    private static Consent ConsentOf(string clientId) =>
        new() { ClientId = clientId, Scopes = ["openid", "email"], Claims = [], GrantedAt = ClusterFixture.Time.GetUtcNow() };

    [Fact]
    public async Task RevokeProviderAsync_SessionsOfTwoProviders_RevokesOnlyThatProvidersSessionsAndConsent()
    {
        var citizen = await NewCitizenAsync();
        var tax = await fixture.BeginSessionAsync("tax-office");
        var bank = await fixture.BeginSessionAsync("bank-portal");
        var until = ClusterFixture.Time.GetUtcNow().AddHours(1);
        await citizen.AddSessionAsync(tax, until, "tax-office");
        await citizen.AddSessionAsync(bank, until, "bank-portal");
        await citizen.GrantConsentAsync(ConsentOf("tax-office"), "tax.example.ma");
        await citizen.GrantConsentAsync(ConsentOf("bank-portal"), "tax.example.ma");

        var revocation = await citizen.RevokeProviderAsync("tax-office");

        Assert.True(revocation.ConsentRemoved);
        Assert.Equal(1, revocation.SessionsRevoked);
        Assert.Equal([bank], await citizen.GetSessionsAsync());
        Assert.Equal(["bank-portal"], (await citizen.GetConsentsAsync()).Select(c => c.ClientId));
        Assert.Equal(SessionStatus.Revoked, (await fixture.Grains.GetGrain<IAuthSessionGrain>(tax).GetAsync()).Status);
        Assert.NotEqual(SessionStatus.Revoked, (await fixture.Grains.GetGrain<IAuthSessionGrain>(bank).GetAsync()).Status);
    }

    [Fact]
    public async Task RevokeProviderAsync_SessionRecordedWithoutItsProvider_AsksTheSessionWhichProviderItServes()
    {
        var citizen = await NewCitizenAsync();
        var tax = await fixture.BeginSessionAsync("tax-office");
        await citizen.AddSessionAsync(tax, ClusterFixture.Time.GetUtcNow().AddHours(1));

        var revocation = await citizen.RevokeProviderAsync("tax-office");

        Assert.False(revocation.ConsentRemoved);
        Assert.Equal(1, revocation.SessionsRevoked);
        Assert.Empty(await citizen.GetSessionsAsync());
    }

    [Fact]
    public async Task RevokeProviderAsync_NothingForThatProvider_ChangesNothing()
    {
        var citizen = await NewCitizenAsync();
        var bank = await fixture.BeginSessionAsync("bank-portal");
        await citizen.AddSessionAsync(bank, ClusterFixture.Time.GetUtcNow().AddHours(1), "bank-portal");

        var revocation = await citizen.RevokeProviderAsync("tax-office");

        Assert.Equal(new ProviderRevocation { ConsentRemoved = false, SessionsRevoked = 0 }, revocation);
        Assert.Equal([bank], await citizen.GetSessionsAsync());
    }

    [Fact]
    public async Task GetConsentsAsync_TwoProviders_NewestFirst()
    {
        var citizen = await NewCitizenAsync();
        await citizen.GrantConsentAsync(ConsentOf("tax-office"), "tax.example.ma");
        await citizen.GrantConsentAsync(ConsentOf("bank-portal") with { GrantedAt = ClusterFixture.Time.GetUtcNow().AddMinutes(1) }, "tax.example.ma");

        var consents = await citizen.GetConsentsAsync();

        Assert.Equal(["bank-portal", "tax-office"], consents.Select(c => c.ClientId));
    }
}
