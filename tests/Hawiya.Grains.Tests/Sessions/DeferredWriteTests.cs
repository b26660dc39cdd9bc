using Hawiya.Contracts.Citizens;
using Hawiya.Contracts.Common;
using Hawiya.Contracts.Sessions;
using Hawiya.Grains.Common;
using Hawiya.Grains.Sessions;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;
using Orleans.Storage;
using Orleans.TestingHost;

namespace Hawiya.Grains.Tests.Sessions;

/// <summary>What a login session writes, read back from the silo's grain storage.</summary>
[Collection(ClusterCollection.Name)]
public sealed class DeferredWriteTests(ClusterFixture fixture)
{
    private static readonly SessionStart Start = new()
    {
        ClientId = "tax-portal",
        RequiredLevel = LevelOfAssurance.Low,
        Scopes = ["openid"],
        AllowedMethods = [AuthMethod.Sms],
        Sector = "tax.example.ma",
    };

    private async Task<AuthSessionState> StoredAsync(IAuthSessionGrain session)
    {
        var silo = (InProcessSiloHandle)fixture.Cluster.Primary!;
        var storage = silo.SiloHost!.Services.GetRequiredKeyedService<IGrainStorage>(StorageNames.Default);
        var stored = new GrainState<AuthSessionState>(new AuthSessionState());
        await storage.ReadStateAsync("authsession", session.GetGrainId(), stored);
        return stored.State ?? new AuthSessionState();
    }

    private async Task<string> CitizenWithSmsAsync()
    {
        var key = fixture.Keys.Citizen(ClusterFixture.NewNationalNumber());
        var imported = await fixture.Grains.GetGrain<ICitizenGrain>(key).ImportAsync(new CitizenImport
        {
            Methods = [AuthMethod.Sms],
            Credentials = new CitizenCredentials { Phone = "+212612345678" },
            Activate = true,
        });
        Assert.True(imported.Succeeded);
        return key;
    }

    [Fact]
    public async Task BeginAndIdentify_BeforeTheCode_AreWrittenWithTheIssuedCode()
    {
        var citizenKey = await CitizenWithSmsAsync();
        var session = fixture.Grains.GetGrain<IAuthSessionGrain>("s-" + Guid.NewGuid().ToString("N")[..22]);

        var identified = await session.IdentifyAsync(citizenKey);
        Assert.False(identified.Identified);
        await session.BeginAsync(Start);
        var view = await session.IdentifyAsync(citizenKey);

        // The pages answer from memory at once; storage has nothing yet.
        Assert.True(view.Identified);
        Assert.Equal(SessionStatus.InProgress, view.Status);
        var before = await StoredAsync(session);
        Assert.Null(before.Start);
        Assert.Null(before.CitizenKey);

        var issued = await session.IssueCodeAsync(AuthMethod.Sms);

        // The code the citizen is told to type is durable, and with it what led to it.
        Assert.Equal(ChallengeError.None, issued.Error);
        var after = await StoredAsync(session);
        Assert.Equal(SessionStatus.InProgress, after.Status);
        Assert.Equal("tax-portal", after.Start?.ClientId);
        Assert.Equal(citizenKey, after.CitizenKey);
        Assert.NotNull(after.Challenge);
        Assert.Equal(issued.ExpiresAt, after.Challenge.ExpiresAt);
    }

    [Fact]
    public async Task AuthorizeBeforeCodeAsync_ThenTheCodeEntry_BothWrittenByTheEntry()
    {
        var session = fixture.Grains.GetGrain<IAuthSessionGrain>("s-" + Guid.NewGuid().ToString("N")[..22]);
        await session.BeginAsync(Start);

        await session.AuthorizeBeforeCodeAsync("pairwise-sub", ["openid", "profile"], ["birthdate"], ClusterFixture.Time.GetUtcNow().AddHours(1));

        Assert.Null((await StoredAsync(session)).Subject);
        Assert.Equal("pairwise-sub", (await session.GetAuthorizationAsync()).Subject);

        var code = await session.AddTokenAsync(new TokenRecord
        {
            Id = session.GetPrimaryKeyString() + ".code",
            Type = "authorization_code",
            Status = "valid",
            CreatedAt = ClusterFixture.Time.GetUtcNow(),
            ExpiresAt = ClusterFixture.Time.GetUtcNow().AddMinutes(1),
        });

        var stored = await StoredAsync(session);
        Assert.Equal("pairwise-sub", stored.Subject);
        Assert.Equal(["openid", "profile"], stored.AuthorizedScopes);
        Assert.Equal(["birthdate"], stored.AuthorizedClaims);
        Assert.True(stored.Tokens.ContainsKey(code.Id));
        Assert.Equal("tax-portal", stored.Start?.ClientId);
    }

    [Fact]
    public async Task AuthorizeAsync_OutsideTheLoginFlow_IsWrittenAtOnce()
    {
        var session = fixture.Grains.GetGrain<IAuthSessionGrain>("s-" + Guid.NewGuid().ToString("N")[..22]);

        await session.AuthorizeAsync("pairwise-sub", ["openid"], claims: null);

        Assert.Equal("pairwise-sub", (await StoredAsync(session)).Subject);
    }

    [Fact]
    public async Task BeginAsync_ActivationCollectedBeforeAnyWrite_KeepsTheStart()
    {
        var session = fixture.Grains.GetGrain<IAuthSessionGrain>("s-" + Guid.NewGuid().ToString("N")[..22]);
        await session.BeginAsync(Start);

        await fixture.Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);

        Assert.Equal("tax-portal", (await StoredAsync(session)).Start?.ClientId);
        Assert.Equal("tax-portal", (await session.GetAsync()).Start?.ClientId);
    }
}
