using Hawiya.Contracts.Citizens;
using Hawiya.Contracts.Common;
using Hawiya.Contracts.Providers;
using Orleans.Storage;

namespace Hawiya.Server.Tests.Database;

/// <summary>Grain state on the real PostgreSQL: it survives restarts and stale writes are refused.</summary>
public sealed class DurabilityTests
{
    private static string NewKey() => "c-" + Guid.NewGuid().ToString("N");

    [Fact]
    public async Task CitizenState_SiloStoppedAndStartedAgain_IsReadBack()
    {
        var clusterId = TestDatabase.NewClusterId();
        var key = NewKey();
        await using (var first = await SiloHost.StartAsync(clusterId, clusterId))
        {
            var citizen = first.Grains.GetGrain<ICitizenGrain>(key);
            await citizen.RegisterAsync();
            await citizen.ActivateAsync();
            await citizen.EnrollMethodAsync(AuthMethod.Sms);
            await citizen.EnrollMethodAsync(AuthMethod.Password);
            await citizen.SetMethodEnabledAsync(AuthMethod.Password, enabled: false);
        }

        await using var second = await SiloHost.StartAsync(clusterId, clusterId);
        var snapshot = await second.Grains.GetGrain<ICitizenGrain>(key).GetAsync();

        Assert.Equal(CitizenStatus.Active, snapshot.Status);
        Assert.True(snapshot.IsEnabled(AuthMethod.Sms));
        Assert.Contains(snapshot.Methods, m => m.Method == AuthMethod.Password && !m.Enabled);
    }

    [Fact]
    public async Task ProviderState_SiloStoppedAndStartedAgain_IsReadBack()
    {
        var clusterId = TestDatabase.NewClusterId();
        var clientId = "sp-" + Guid.NewGuid().ToString("N");
        await using (var first = await SiloHost.StartAsync(clusterId, clusterId))
        {
            var provider = first.Grains.GetGrain<IServiceProviderGrain>(clientId);
            await provider.RegisterAsync(new ProviderRegistration
            {
                DisplayName = "Caisse de retraite",
                RedirectUris = ["https://retraite.example/cb"],
                AllowedScopes = ["openid"],
                AllowedMethods = [AuthMethod.CardPin],
                MinimumLevel = LevelOfAssurance.High,
                Sector = "retraite.example",
                ClientSecretHash = new string('b', 64),
            });
            await provider.AccreditAsync();
            await provider.SuspendAsync("audit");
        }

        await using var second = await SiloHost.StartAsync(clusterId, clusterId);
        var snapshot = await second.Grains.GetGrain<IServiceProviderGrain>(clientId).GetAsync();

        Assert.Equal(ProviderStatus.Suspended, snapshot.Status);
        Assert.Equal("audit", snapshot.SuspensionReason);
        Assert.Equal(LevelOfAssurance.High, snapshot.Registration!.MinimumLevel);
    }

    [Fact]
    public async Task StaleWrite_FromASecondActivationOfTheSameGrain_IsRejectedAndTheFirstWriteKept()
    {
        // Two clusters sharing one service id activate the same grain twice: the
        // split-brain case the storage ETag exists to catch.
        var serviceId = "svc-" + Guid.NewGuid().ToString("N")[..12];
        var key = NewKey();
        await using var a = await SiloHost.StartAsync(TestDatabase.NewClusterId(), serviceId);
        await using var b = await SiloHost.StartAsync(TestDatabase.NewClusterId(), serviceId);
        var viaA = a.Grains.GetGrain<ICitizenGrain>(key);
        var viaB = b.Grains.GetGrain<ICitizenGrain>(key);
        await viaA.RegisterAsync();
        Assert.True((await viaB.GetAsync()).Registered);

        await viaA.ActivateAsync();
        await Assert.ThrowsAsync<InconsistentStateException>(() => viaB.EnrollMethodAsync(AuthMethod.Sms));

        // The refused activation went back to what storage holds, and the first write stands.
        var afterRefusal = await viaB.GetAsync();
        Assert.Equal(CitizenStatus.Active, afterRefusal.Status);
        Assert.Empty(afterRefusal.Methods);
        await using var reader = await SiloHost.StartAsync(TestDatabase.NewClusterId(), serviceId);
        var stored = await reader.Grains.GetGrain<ICitizenGrain>(key).GetAsync();
        Assert.Equal(CitizenStatus.Active, stored.Status);
        Assert.Empty(stored.Methods);
    }
}
