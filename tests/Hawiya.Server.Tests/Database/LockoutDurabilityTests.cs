using Hawiya.Contracts.Citizens;
using Hawiya.Contracts.Common;

namespace Hawiya.Server.Tests.Database;

/// <summary>Failure counters and lockouts live in the citizen's state on the real PostgreSQL: a restart forgets nothing.</summary>
public sealed class LockoutDurabilityTests
{
    private static async Task<ICitizenGrain> CitizenAsync(SiloHost silo, string key)
    {
        var citizen = silo.Grains.GetGrain<ICitizenGrain>(key);
        var imported = await citizen.ImportAsync(new CitizenImport
        {
            Methods = [AuthMethod.Sms, AuthMethod.Password],
            Credentials = new CitizenCredentials { Phone = "+212612345678" },
            Activate = true,
        });
        Assert.True(imported.Succeeded);
        return citizen;
    }

    [Fact]
    public async Task FailureCount_SiloStoppedAndStartedAgain_KeepsCountingAndStaysLocked()
    {
        var clusterId = TestDatabase.NewClusterId();
        var key = "c-" + Guid.NewGuid().ToString("N");
        DateTimeOffset lockedBefore;
        await using (var first = await SiloHost.StartAsync(clusterId, clusterId))
        {
            var citizen = await CitizenAsync(first, key);
            CredentialCheck check = null!;
            for (var i = 0; i < 10; i++)
            {
                check = await citizen.RecordFailureAsync(AuthMethod.Sms);
            }

            // Ten failures: 30 s doubled five times, 16 minutes.
            lockedBefore = check.LockedUntil!.Value;
        }

        await using var second = await SiloHost.StartAsync(clusterId, clusterId);
        var restarted = second.Grains.GetGrain<ICitizenGrain>(key);

        var profile = await restarted.GetLoginProfileAsync();
        Assert.DoesNotContain(AuthMethod.Sms, profile.UsableMethods);

        // The eleventh failure doubles the lock again: the count went on from ten, not from one.
        var eleventh = await restarted.RecordFailureAsync(AuthMethod.Sms);
        var lockTime = eleventh.LockedUntil!.Value - DateTimeOffset.UtcNow;
        Assert.InRange(lockTime, TimeSpan.FromMinutes(31), TimeSpan.FromMinutes(32));
        Assert.True(eleventh.LockedUntil > lockedBefore);
    }

    [Fact]
    public async Task HundredFailures_AcrossARestart_StillTurnTheMethodOffForRecovery()
    {
        var clusterId = TestDatabase.NewClusterId();
        var key = "c-" + Guid.NewGuid().ToString("N");
        await using (var first = await SiloHost.StartAsync(clusterId, clusterId))
        {
            var citizen = await CitizenAsync(first, key);
            for (var i = 0; i < 60; i++)
            {
                Assert.False((await citizen.RecordFailureAsync(AuthMethod.Password)).NeedsRecovery);
            }
        }

        await using var second = await SiloHost.StartAsync(clusterId, clusterId);
        var restarted = second.Grains.GetGrain<ICitizenGrain>(key);
        CredentialCheck check = null!;
        for (var i = 0; i < 40; i++)
        {
            check = await restarted.RecordFailureAsync(AuthMethod.Password);
        }

        Assert.True(check.NeedsRecovery);
        Assert.Contains((await restarted.GetAsync()).Methods, m => m.Method == AuthMethod.Password && !m.Enabled);
    }
}
