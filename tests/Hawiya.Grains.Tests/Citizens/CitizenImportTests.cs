using Hawiya.Contracts.Citizens;
using Hawiya.Contracts.Common;

namespace Hawiya.Grains.Tests.Citizens;

[Collection(ClusterCollection.Name)]
public sealed class CitizenImportTests(ClusterFixture fixture)
{
    private ICitizenGrain NewCitizen() =>
        fixture.Grains.GetGrain<ICitizenGrain>(fixture.Keys.Citizen(ClusterFixture.NewNationalNumber()));

    private static CitizenImport Import(bool activate = true) => new()
    {
        Methods = [AuthMethod.Password, AuthMethod.Sms],
        Activate = activate,
        Credentials = new CitizenCredentials { Phone = "+212600000099", PasswordHash = "$argon2id$v=19$m=8192,t=1,p=1$c2FsdA$aGFzaA" },
    };

    [Fact]
    public async Task ImportAsync_NewCitizen_RegistersEnrollsAndActivatesAtOnce()
    {
        var result = await NewCitizen().ImportAsync(Import());

        Assert.True(result.Succeeded);
        Assert.Equal(CitizenStatus.Active, result.Snapshot.Status);
        Assert.True(result.Snapshot.IsEnabled(AuthMethod.Sms));
        Assert.True(result.Snapshot.IsEnabled(AuthMethod.Password));
    }

    [Fact]
    public async Task ImportAsync_Twice_IsHarmless()
    {
        var citizen = NewCitizen();
        await citizen.ImportAsync(Import());

        var again = await citizen.ImportAsync(Import());

        Assert.True(again.Succeeded);
        Assert.Equal(2, again.Snapshot.Methods.Length);
    }

    [Fact]
    public async Task ImportAsync_DeceasedCitizen_IsRefusedWhole()
    {
        var citizen = NewCitizen();
        await citizen.RegisterAsync();
        await citizen.DeclareDeceasedAsync();

        var result = await citizen.ImportAsync(Import());

        Assert.Equal(CitizenError.ForbiddenTransition, result.Error);
        Assert.Empty((await citizen.GetAsync()).Methods);
    }
}
