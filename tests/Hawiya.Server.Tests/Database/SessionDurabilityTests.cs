using Hawiya.Contracts.Sessions;
using Hawiya.Server.Oidc.Stores;

namespace Hawiya.Server.Tests.Database;

/// <summary>A code is durable before it is handed out: a silo that dies cannot lose it or let it be used twice.</summary>
public sealed class SessionDurabilityTests
{
    [Fact]
    public async Task AuthorizationCode_SiloRestartedAfterIssue_IsStillThereAndRedeemsOnlyOnce()
    {
        var clusterId = TestDatabase.NewClusterId();
        var sessionId = SessionIds.NewSession();
        var code = new TokenRecord
        {
            Id = sessionId + ".code",
            Type = "urn:openiddict:params:oauth:token-type:authorization_code",
            Status = "valid",
            ReferenceHash = sessionId + ".digest",
            Payload = "encrypted-code",
        };
        await using (var first = await SiloHost.StartAsync(clusterId, clusterId))
        {
            await first.Grains.GetGrain<IAuthSessionGrain>(sessionId).AddTokenAsync(code);
        }

        await using var second = await SiloHost.StartAsync(clusterId, clusterId);
        var session = second.Grains.GetGrain<IAuthSessionGrain>(sessionId);
        var stored = (await session.FindTokenWithSessionAsync(sessionId + ".digest")).Token;

        Assert.NotNull(stored);
        var redeemed = await session.UpdateTokenAsync(stored with { Status = "redeemed" });
        var again = await session.UpdateTokenAsync(stored with { Status = "redeemed" });
        Assert.True(redeemed.Succeeded);
        Assert.False(again.Succeeded);
        Assert.Equal("redeemed", again.Current!.Status);
    }

    [Fact]
    public async Task RevokedSession_SiloRestarted_StaysRevokedAndIssuesNothingValid()
    {
        var clusterId = TestDatabase.NewClusterId();
        var sessionId = SessionIds.NewSession();
        await using (var first = await SiloHost.StartAsync(clusterId, clusterId))
        {
            var session = first.Grains.GetGrain<IAuthSessionGrain>(sessionId);
            await session.AddTokenAsync(new TokenRecord { Id = sessionId + ".r1", Type = "urn:ietf:params:oauth:token-type:refresh_token", Status = "valid" });
            Assert.Equal(1, await session.RevokeAsync());
        }

        await using var second = await SiloHost.StartAsync(clusterId, clusterId);
        var restarted = second.Grains.GetGrain<IAuthSessionGrain>(sessionId);
        var added = await restarted.AddTokenAsync(new TokenRecord { Id = sessionId + ".r2", Type = "urn:ietf:params:oauth:token-type:refresh_token", Status = "valid" });

        Assert.True((await restarted.GetAuthorizationAsync()).Revoked);
        Assert.Equal("revoked", (await restarted.GetTokenAsync(sessionId + ".r1"))!.Status);
        Assert.Equal("revoked", added.Status);
    }

    [Fact]
    public async Task RefreshRotation_OneWriteForBoth_SurvivesARestartAndStaysTheHoldersOnly()
    {
        var clusterId = TestDatabase.NewClusterId();
        var sessionId = SessionIds.NewSession();
        TokenRecord Refresh(string name) => new() { Id = $"{sessionId}.{name}", Type = "urn:ietf:params:oauth:token-type:refresh_token", Status = "valid" };
        TokenRecord held;
        await using (var first = await SiloHost.StartAsync(clusterId, clusterId))
        {
            var session = first.Grains.GetGrain<IAuthSessionGrain>(sessionId);
            var r1 = await session.AddTokenAsync(Refresh("r1"));
            held = (await session.HoldRedemptionAsync(r1 with { Status = "redeemed" }, Guid.NewGuid())).Current!;
            Assert.NotNull(await session.AddTokenRedeemingAsync(Refresh("r2"), held));
        }

        await using var second = await SiloHost.StartAsync(clusterId, clusterId);
        var restarted = second.Grains.GetGrain<IAuthSessionGrain>(sessionId);

        Assert.Equal("redeemed", (await restarted.GetTokenAsync(sessionId + ".r1"))!.Status);
        Assert.Equal("valid", (await restarted.GetTokenAsync(sessionId + ".r2"))!.Status);
        // Another request presenting the same redemption is not its holder.
        Assert.Null(await restarted.AddTokenRedeemingAsync(Refresh("r3"), held with { RedeemedBy = Guid.NewGuid() }));
        Assert.Null(await restarted.GetTokenAsync(sessionId + ".r3"));
    }

    [Fact]
    public async Task HeldRedemption_SiloStoppedBeforeItsSuccessor_IsWrittenOnTheWayOut()
    {
        var clusterId = TestDatabase.NewClusterId();
        var sessionId = SessionIds.NewSession();
        TokenRecord held;
        await using (var first = await SiloHost.StartAsync(clusterId, clusterId))
        {
            var session = first.Grains.GetGrain<IAuthSessionGrain>(sessionId);
            var r1 = await session.AddTokenAsync(new TokenRecord { Id = sessionId + ".r1", Type = "urn:ietf:params:oauth:token-type:refresh_token", Status = "valid" });
            held = (await session.HoldRedemptionAsync(r1 with { Status = "redeemed" }, Guid.NewGuid())).Current!;
        }

        await using var second = await SiloHost.StartAsync(clusterId, clusterId);
        var restarted = second.Grains.GetGrain<IAuthSessionGrain>(sessionId);

        var stored = (await restarted.GetTokenAsync(sessionId + ".r1"))!;
        Assert.Equal("redeemed", stored.Status);
        Assert.False((await restarted.UpdateTokenAsync(stored with { Version = stored.Version - 1 })).Succeeded);
        Assert.True(await restarted.ConfirmRedemptionAsync(held));
    }
}
