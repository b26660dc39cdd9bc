using Hawiya.Contracts.Unicity;
using Hawiya.Grains.Unicity;
using Hawiya.Server.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Hawiya.Server.Tests.Unicity;

/// <summary>
/// Exactly-once participation on two silos on the real PostgreSQL: at the same instant through
/// both silos, with the answer lost after the durable write and the silo gone, and with a
/// second activation whose insert meets the row the other one inserted.
/// </summary>
public sealed class TwoSiloUnicityTests : IAsyncLifetime
{
    private const string ClientId = "poll-site";
    private readonly string _clusterId = TestDatabase.NewClusterId();
    private readonly UnicityKeys _keys = new(new byte[32]);
    private readonly LoseAnswerAfterWrite _lose = new();
    private IHost _a = null!;
    private IHost _b = null!;

    public async Task InitializeAsync()
    {
        _a = await StartSiloAsync(services => services.AddSingleton<IParticipationWriteObserver>(_lose));
        _b = await StartSiloAsync(services => services.AddSingleton<IParticipationWriteObserver>(_lose));
        await WaitForActiveSilosAsync(_a, 2);
        await WaitForActiveSilosAsync(_b, 2);
    }

    public async Task DisposeAsync()
    {
        foreach (var host in new[] { _b, _a })
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await host.StopAsync(timeout.Token);
            host.Dispose();
        }
    }

    [Fact]
    public async Task Participate_SameCitizenThroughBothSilosAtOnce_ExactlyOneFirstEach()
    {
        var contextId = await RegisterContextAsync();
        const int citizens = 24;

        var pairs = await Task.WhenAll(Enumerable.Range(0, citizens).Select(async i =>
        {
            var citizen = "c-" + Guid.NewGuid().ToString("N");
            var throughA = ParticipateAsync(_a, contextId, citizen, "s:session-a-" + i);
            var throughB = ParticipateAsync(_b, contextId, citizen, "s:session-b-" + i);
            return await Task.WhenAll(throughA, throughB);
        }));

        Assert.All(pairs, pair => Assert.Single(pair, a => a.Status == ParticipationStatus.First));
        Assert.Equal(citizens, await Grains(_b).GetGrain<IUnicityContextGrain>(UnicityKeys.Context(ClientId, contextId)).CountParticipantsAsync());
    }

    [Fact]
    public async Task Participate_SiloGoneBetweenWriteAndAnswer_RetryOfThatRequestIsFirstAnyOtherIsRepeat()
    {
        var contextId = await RegisterContextAsync();
        var (citizen, grain, hosting, standing) = await ParticipationActivatedAsync(contextId);
        _lose.Key = grain.GetPrimaryKeyString();

        await Assert.ThrowsAnyAsync<Exception>(() => ParticipateAsync(hosting, contextId, citizen, "k:vote-1"));
        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
        {
            await hosting.StopAsync(timeout.Token);
        }

        // The participation was durable before the answer was lost: the silo left standing reads
        // it from storage. The request that won it gets its answer on retry; no other request can.
        var retry = await ParticipateAsync(standing, contextId, citizen, "k:vote-1");
        var other = await ParticipateAsync(standing, contextId, citizen, "k:vote-2");

        Assert.Equal(ParticipationStatus.First, retry.Status);
        Assert.Equal(ParticipationStatus.Repeat, other.Status);
        Assert.Equal(1, await Grains(standing).GetGrain<IUnicityContextGrain>(UnicityKeys.Context(ClientId, contextId)).CountParticipantsAsync());
    }

    [Fact]
    public async Task Participate_SecondActivationFindsTheRowInserted_AnswersRepeatAndCountsOnce()
    {
        var contextId = await RegisterContextAsync();
        var (citizen, grain, hosting, other) = await ParticipationActivatedAsync(contextId);

        // Another activation of the same grain (on the other silo) inserts the row first, as one
        // could while membership settles after a partition: written straight through its ledger.
        var ledger = other.Services.GetRequiredService<IParticipationLedger>();
        var contextKey = UnicityKeys.Context(ClientId, contextId);
        await ledger.RecordAsync(new ParticipationEntry(grain.GetPrimaryKeyString(), contextKey, "s:other-session", DateTimeOffset.UtcNow));

        var answer = await ParticipateAsync(hosting, contextId, citizen, "s:this-session");

        Assert.Equal(ParticipationStatus.Repeat, answer.Status);
        Assert.Equal("s:other-session", (await ledger.FindAsync(grain.GetPrimaryKeyString()))?.RequestKey);
        Assert.Equal(1, await Grains(other).GetGrain<IUnicityContextGrain>(contextKey).CountParticipantsAsync());
    }

    private Task<ParticipationAnswer> ParticipateAsync(IHost silo, string contextId, string citizen, string requestKey)
    {
        var key = _keys.Participation(ClientId, contextId, citizen);
        return Grains(silo).GetGrain<IParticipationGrain>(key).ParticipateAsync(new ParticipationRequest
        {
            ContextKey = UnicityKeys.Context(ClientId, contextId),
            RequestKey = requestKey,
        });
    }

    /// <summary>
    /// A citizen whose participation grain is active, nothing recorded, with the silo it is
    /// active on and the other one (placement decides which: both observe the same hook).
    /// </summary>
    private async Task<(string Citizen, IParticipationGrain Grain, IHost Hosting, IHost Other)> ParticipationActivatedAsync(string contextId)
    {
        var citizen = "c-" + Guid.NewGuid().ToString("N");
        var grain = Grains(_a).GetGrain<IParticipationGrain>(_keys.Participation(ClientId, contextId, citizen));
        Assert.False(await grain.IsRecordedAsync());
        var address = await Grains(_a).GetGrain<IManagementGrain>(0).GetActivationAddress(grain);
        var onA = address == _a.Services.GetRequiredService<ILocalSiloDetails>().SiloAddress;
        Assert.True(onA || address == _b.Services.GetRequiredService<ILocalSiloDetails>().SiloAddress);
        return onA ? (citizen, grain, _a, _b) : (citizen, grain, _b, _a);
    }

    private async Task<string> RegisterContextAsync()
    {
        var contextId = "poll-" + Guid.NewGuid().ToString("N")[..8];
        var result = await Grains(_b).GetGrain<IUnicityContextGrain>(UnicityKeys.Context(ClientId, contextId)).RegisterAsync(
            new UnicityContextRegistration { ClientId = ClientId, ContextId = contextId, Label = "Referendum" });
        Assert.True(result.Succeeded, result.Detail);
        return contextId;
    }

    private static IGrainFactory Grains(IHost silo) => silo.Services.GetRequiredService<IGrainFactory>();

    private async Task<IHost> StartSiloAsync(Action<IServiceCollection> configure)
    {
        await TestDatabase.EnsureSchemaAsync();
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Development", DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(SiloHost.Settings(_clusterId, _clusterId));
        builder.AddHawiyaSilo();
        configure(builder.Services);
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    private static async Task WaitForActiveSilosAsync(IHost silo, int count)
    {
        var membership = silo.Services.GetRequiredService<IClusterMembershipService>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (membership.CurrentSnapshot.Members.Values.Count(m => m.Status == SiloStatus.Active) < count)
        {
            await Task.Delay(200, timeout.Token);
        }
    }

    /// <summary>Loses the answer of one participation once, after its write, as a silo dying at that instant would.</summary>
    private sealed class LoseAnswerAfterWrite : IParticipationWriteObserver
    {
        private string? _key;

        public string? Key { set => Volatile.Write(ref _key, value); }

        public Task RecordedAsync(string participationKey)
        {
            var key = Volatile.Read(ref _key);
            // Compared by value, swapped by reference: only the first caller with this key loses its answer.
            return key == participationKey && Interlocked.CompareExchange(ref _key, null, key) == (object?)key
                ? throw new IOException("The silo went away before answering.")
                : Task.CompletedTask;
        }
    }
}
