using Hawiya.Contracts.Sessions;

namespace Hawiya.Grains.Tests.Sessions;

[Collection(ClusterCollection.Name)]
public sealed class AuthSessionTokenTests(ClusterFixture fixture)
{
    private static string NewSessionId() => "s-" + Guid.NewGuid().ToString("N")[..22];

    private static TokenRecord Refresh(string sessionId, int n) => new()
    {
        Id = $"{sessionId}.r{n}",
        Type = "urn:ietf:params:oauth:token-type:refresh_token",
        Status = "valid",
        Payload = "payload",
        CreatedAt = ClusterFixture.Time.GetUtcNow(),
        ExpiresAt = ClusterFixture.Time.GetUtcNow().AddDays(30),
    };

    [Fact]
    public async Task UpdateTokenAsync_SameVersionTwice_OnlyTheFirstWins()
    {
        var sessionId = NewSessionId();
        var session = fixture.Grains.GetGrain<IAuthSessionGrain>(sessionId);
        var stored = await session.AddTokenAsync(Refresh(sessionId, 1));

        var first = await session.UpdateTokenAsync(stored with { Status = "redeemed" });
        var second = await session.UpdateTokenAsync(stored with { Status = "redeemed" });

        Assert.True(first.Succeeded);
        Assert.Equal("redeemed", first.Current!.Status);
        Assert.False(second.Succeeded);
    }

    [Fact]
    public async Task AddTokenAsync_ManyRotations_KeepsOnlyTheNewestSpentEntries()
    {
        var sessionId = NewSessionId();
        var session = fixture.Grains.GetGrain<IAuthSessionGrain>(sessionId);
        for (var n = 0; n < 50; n++)
        {
            var token = await session.AddTokenAsync(Refresh(sessionId, n));
            await session.UpdateTokenAsync(token with { Status = "redeemed" });
            ClusterFixture.Time.Advance(TimeSpan.FromSeconds(1));
        }

        var tokens = await session.ListTokensAsync();

        Assert.InRange(tokens.Length, 20, 21);
        Assert.Contains(tokens, t => t.Id == $"{sessionId}.r49");
        Assert.DoesNotContain(tokens, t => t.Id == $"{sessionId}.r0");
    }

    [Fact]
    public async Task AddTokenAsync_ExpiredEntries_AreDropped()
    {
        var sessionId = NewSessionId();
        var session = fixture.Grains.GetGrain<IAuthSessionGrain>(sessionId);
        await session.AddTokenAsync(Refresh(sessionId, 1) with { ExpiresAt = ClusterFixture.Time.GetUtcNow().AddMinutes(1) });
        ClusterFixture.Time.Advance(TimeSpan.FromMinutes(2));

        await session.AddTokenAsync(Refresh(sessionId, 2));

        Assert.Null(await session.GetTokenAsync($"{sessionId}.r1"));
    }

    [Fact]
    public async Task RevokeAsync_RevokesEveryTokenAndLaterOnesAreBornRevoked()
    {
        var sessionId = NewSessionId();
        var session = fixture.Grains.GetGrain<IAuthSessionGrain>(sessionId);
        await session.AddTokenAsync(Refresh(sessionId, 1));

        var revoked = await session.RevokeAsync();
        var later = await session.AddTokenAsync(Refresh(sessionId, 2));

        Assert.Equal(1, revoked);
        Assert.Equal("revoked", later.Status);
        Assert.True((await session.GetAuthorizationAsync()).Revoked);
    }

    [Fact]
    public async Task Lookups_CarryTheAuthorizationAsItStandsAfterARevocation()
    {
        var sessionId = NewSessionId();
        var session = fixture.Grains.GetGrain<IAuthSessionGrain>(sessionId);
        await session.AddTokenAsync(Refresh(sessionId, 1) with { ReferenceHash = "reference-1" });
        var valid = await session.FindTokenWithSessionAsync("reference-1");
        Assert.NotNull(valid.Token);
        Assert.False(valid.Authorization!.Revoked);
        Assert.Equal((await session.GetAuthorizationAsync()).CreatedAt, valid.Authorization.CreatedAt);

        await session.RevokeAsync();

        var byToken = await session.FindTokenWithSessionAsync("reference-1");
        var byAuthorization = await session.GetAuthorizationWithSessionAsync();
        Assert.True(byToken.Authorization!.Revoked);
        Assert.True(byAuthorization.Authorization.Revoked);
        Assert.Equal(SessionStatus.Revoked, byAuthorization.Session.Status);
        Assert.Equal(sessionId, byAuthorization.Authorization.Id);
    }

    /// <summary>A session with one refresh token whose redemption is held, not yet written.</summary>
    private async Task<(string SessionId, IAuthSessionGrain Session, TokenRecord First, TokenRecord Held)> HeldRotationAsync()
    {
        var sessionId = NewSessionId();
        var session = fixture.Grains.GetGrain<IAuthSessionGrain>(sessionId);
        var first = await session.AddTokenAsync(Refresh(sessionId, 1));
        var held = (await session.HoldRedemptionAsync(first with { Status = "redeemed" }, Guid.NewGuid())).Current!;
        return (sessionId, session, first, held);
    }

    [Fact]
    public async Task HoldRedemptionAsync_SameVersionAgain_IsRefusedWhileHeld()
    {
        var sessionId = NewSessionId();
        var session = fixture.Grains.GetGrain<IAuthSessionGrain>(sessionId);
        var stored = await session.AddTokenAsync(Refresh(sessionId, 1));

        var held = await session.HoldRedemptionAsync(stored with { Status = "redeemed" }, Guid.NewGuid());
        var again = await session.HoldRedemptionAsync(stored with { Status = "redeemed" }, Guid.NewGuid());
        var updated = await session.UpdateTokenAsync(stored with { Status = "redeemed" });

        Assert.True(held.Succeeded);
        Assert.Equal("redeemed", (await session.GetTokenAsync(stored.Id))!.Status);
        Assert.False(again.Succeeded);
        Assert.False(updated.Succeeded);
    }

    [Fact]
    public async Task AddTokenRedeemingAsync_ByTheHolder_StoresTheSuccessorAndKeepsTheRedemption()
    {
        var (sessionId, session, first, held) = await HeldRotationAsync();

        var second = await session.AddTokenRedeemingAsync(Refresh(sessionId, 2), held);

        Assert.NotNull(second);
        Assert.Equal("valid", second.Status);
        var redeemed = (await session.GetTokenAsync(first.Id))!;
        Assert.Equal("redeemed", redeemed.Status);
        Assert.Equal(held.RedeemedBy, redeemed.RedeemedBy);
    }

    [Fact]
    public async Task AddTokenRedeemingAsync_SomebodyElsesRedemption_AddsNothing()
    {
        var (sessionId, session, _, held) = await HeldRotationAsync();

        var forged = held with { RedeemedBy = Guid.NewGuid() };
        var second = await session.AddTokenRedeemingAsync(Refresh(sessionId, 2), forged);

        Assert.Null(second);
        Assert.Null(await session.GetTokenAsync($"{sessionId}.r2"));
        Assert.False(await session.ConfirmRedemptionAsync(forged));
        Assert.True(await session.ConfirmRedemptionAsync(held));
    }

    [Fact]
    public async Task AddTokenRedeemingAsync_SessionRevokedWhileHeld_SuccessorIsBornRevoked()
    {
        var (sessionId, session, first, held) = await HeldRotationAsync();

        await session.RevokeAsync();
        var second = await session.AddTokenRedeemingAsync(Refresh(sessionId, 2), held);

        Assert.Equal("revoked", second!.Status);
        Assert.Equal("revoked", (await session.GetTokenAsync(first.Id))!.Status);
    }

    /// <summary>A redemption carried by its caller, never held here: the entry as read, one version on.</summary>
    private static TokenRecord Carried(TokenRecord read) => read with { Status = "redeemed", RedeemedBy = Guid.NewGuid(), Version = read.Version + 1 };

    [Fact]
    public async Task AddTokenRedeemingAsync_CarriedRedemption_TakenOnceAtTheVersionRead()
    {
        var sessionId = NewSessionId();
        var session = fixture.Grains.GetGrain<IAuthSessionGrain>(sessionId);
        var read = await session.AddTokenAsync(Refresh(sessionId, 1));
        var mine = Carried(read);
        var theirs = Carried(read);

        var second = await session.AddTokenRedeemingAsync(Refresh(sessionId, 2), mine);
        var lost = await session.AddTokenRedeemingAsync(Refresh(sessionId, 3), theirs);

        Assert.NotNull(second);
        Assert.Null(lost);
        Assert.Null(await session.GetTokenAsync($"{sessionId}.r3"));
        var redeemed = (await session.GetTokenAsync(read.Id))!;
        Assert.Equal("redeemed", redeemed.Status);
        Assert.Equal(mine.RedeemedBy, redeemed.RedeemedBy);
        Assert.False(await session.ConfirmRedemptionAsync(theirs));
    }

    [Fact]
    public async Task ConfirmRedemptionAsync_CarriedAfterTheEntryWasRevoked_IsRefused()
    {
        var sessionId = NewSessionId();
        var session = fixture.Grains.GetGrain<IAuthSessionGrain>(sessionId);
        var read = await session.AddTokenAsync(Refresh(sessionId, 1));

        await session.RevokeAsync();

        // Revoked before this request redeemed it: nothing may be issued from it.
        Assert.False(await session.ConfirmRedemptionAsync(Carried(read)));
        Assert.Null(await session.AddTokenRedeemingAsync(Refresh(sessionId, 2), Carried(read)));
    }
}
