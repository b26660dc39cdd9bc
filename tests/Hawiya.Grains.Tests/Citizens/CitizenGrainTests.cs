using Hawiya.Contracts.Citizens;
using Hawiya.Contracts.Common;

namespace Hawiya.Grains.Tests.Citizens;

[Collection(ClusterCollection.Name)]
public sealed class CitizenGrainTests(ClusterFixture fixture)
{
    private ICitizenGrain NewCitizen() =>
        fixture.Grains.GetGrain<ICitizenGrain>(fixture.Keys.Citizen(ClusterFixture.NewNationalNumber()));

    private async Task<ICitizenGrain> RegisteredCitizenAsync(CitizenStatus status)
    {
        var citizen = NewCitizen();
        await citizen.RegisterAsync();
        switch (status)
        {
            case CitizenStatus.Active:
                await citizen.ActivateAsync();
                break;
            case CitizenStatus.Deactivated:
                await citizen.ActivateAsync();
                await citizen.DeactivateAsync();
                break;
            case CitizenStatus.Frozen:
                await citizen.FreezeAsync();
                break;
            case CitizenStatus.Deceased:
                await citizen.DeclareDeceasedAsync();
                break;
        }

        Assert.Equal(status, (await citizen.GetAsync()).Status);
        return citizen;
    }

    [Fact]
    public async Task RegisterAsync_NewCitizen_StartsNotActivatedAtCurrentTime()
    {
        var citizen = NewCitizen();

        var result = await citizen.RegisterAsync();

        Assert.True(result.Succeeded);
        Assert.True(result.Snapshot.Registered);
        Assert.Equal(CitizenStatus.NotActivated, result.Snapshot.Status);
        Assert.Equal(ClusterFixture.Time.GetUtcNow(), result.Snapshot.StatusChangedAt);
    }

    [Fact]
    public async Task ActivateAsync_UnknownCitizen_IsRefusedAsUnknown()
    {
        var result = await NewCitizen().ActivateAsync();

        Assert.Equal(CitizenError.Unknown, result.Error);
        Assert.False(result.Snapshot.Registered);
    }

    [Fact]
    public async Task ActivateThenDeactivate_ActiveCitizen_TogglesAndRecordsTime()
    {
        var citizen = await RegisteredCitizenAsync(CitizenStatus.Active);
        ClusterFixture.Time.Advance(TimeSpan.FromMinutes(5));

        var deactivated = await citizen.DeactivateAsync();
        var reactivated = await citizen.ActivateAsync();

        Assert.Equal(CitizenStatus.Deactivated, deactivated.Snapshot.Status);
        Assert.Equal(CitizenStatus.Active, reactivated.Snapshot.Status);
        Assert.Equal(ClusterFixture.Time.GetUtcNow(), reactivated.Snapshot.StatusChangedAt);
    }

    [Theory]
    [InlineData(CitizenStatus.Frozen)]
    [InlineData(CitizenStatus.Deceased)]
    public async Task ActivateAsync_FrozenOrDeceased_IsForbiddenAndChangesNothing(CitizenStatus status)
    {
        var citizen = await RegisteredCitizenAsync(status);
        var before = await citizen.GetAsync();

        var result = await citizen.ActivateAsync();

        Assert.Equal(CitizenError.ForbiddenTransition, result.Error);
        Assert.NotNull(result.Detail);
        Assert.Equivalent(before, await citizen.GetAsync());
    }

    [Theory]
    [InlineData(CitizenStatus.NotActivated)]
    [InlineData(CitizenStatus.Deactivated)]
    public async Task DeactivateAsync_NotActive_IsForbidden(CitizenStatus status)
    {
        var citizen = await RegisteredCitizenAsync(status);

        var result = await citizen.DeactivateAsync();

        Assert.Equal(status == CitizenStatus.Deactivated ? CitizenError.None : CitizenError.ForbiddenTransition, result.Error);
        Assert.Equal(status, (await citizen.GetAsync()).Status);
    }

    [Fact]
    public async Task DeclareDeceasedAsync_IsTerminal()
    {
        var citizen = await RegisteredCitizenAsync(CitizenStatus.Deceased);

        Assert.Equal(CitizenError.ForbiddenTransition, (await citizen.FreezeAsync()).Error);
        Assert.Equal(CitizenError.ForbiddenTransition, (await citizen.ActivateAsync()).Error);
        Assert.Equal(CitizenStatus.Deceased, (await citizen.GetAsync()).Status);
    }

    [Fact]
    public async Task EnrollMethodAsync_NewMethod_IsEnrolledAndOn()
    {
        var citizen = await RegisteredCitizenAsync(CitizenStatus.Active);

        var result = await citizen.EnrollMethodAsync(AuthMethod.Sms);

        Assert.True(result.Succeeded);
        Assert.True(result.Snapshot.IsEnabled(AuthMethod.Sms));
        Assert.Equal(CitizenError.MethodAlreadyEnrolled, (await citizen.EnrollMethodAsync(AuthMethod.Sms)).Error);
    }

    [Fact]
    public async Task SetMethodEnabledAsync_TurnsAMethodOffAndOnAgain()
    {
        var citizen = await RegisteredCitizenAsync(CitizenStatus.Active);
        await citizen.EnrollMethodAsync(AuthMethod.Password);

        var off = await citizen.SetMethodEnabledAsync(AuthMethod.Password, enabled: false);
        var on = await citizen.SetMethodEnabledAsync(AuthMethod.Password, enabled: true);

        Assert.False(off.Snapshot.IsEnabled(AuthMethod.Password));
        Assert.True(on.Snapshot.IsEnabled(AuthMethod.Password));
    }

    [Fact]
    public async Task SetMethodEnabledAsync_MethodNotEnrolled_IsRefused()
    {
        var citizen = await RegisteredCitizenAsync(CitizenStatus.Active);

        var result = await citizen.SetMethodEnabledAsync(AuthMethod.Face, enabled: true);

        Assert.Equal(CitizenError.MethodNotEnrolled, result.Error);
        Assert.Empty(result.Snapshot.Methods);
    }

    [Fact]
    public async Task MethodsWhileFrozen_CanBeTurnedOffButNotOnOrAdded()
    {
        var citizen = await RegisteredCitizenAsync(CitizenStatus.Active);
        await citizen.EnrollMethodAsync(AuthMethod.Sms);
        await citizen.FreezeAsync();

        var enroll = await citizen.EnrollMethodAsync(AuthMethod.Push);
        var off = await citizen.SetMethodEnabledAsync(AuthMethod.Sms, enabled: false);
        var on = await citizen.SetMethodEnabledAsync(AuthMethod.Sms, enabled: true);

        Assert.Equal(CitizenError.ForbiddenTransition, enroll.Error);
        Assert.True(off.Succeeded);
        Assert.Equal(CitizenError.ForbiddenTransition, on.Error);
        Assert.False((await citizen.GetAsync()).IsEnabled(AuthMethod.Sms));
    }
}
