using Hawiya.Contracts.Common;
using Hawiya.Contracts.Unicity;
using Hawiya.Grains.Unicity;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using Orleans.TestingHost;

namespace Hawiya.Grains.Tests.Unicity;

[Collection(ClusterCollection.Name)]
public sealed class ParticipantCounterGrainTests(ClusterFixture fixture)
{
    [Fact]
    public async Task IncrementAsync_ManyConcurrentCalls_EveryAcknowledgedChangeIsInStorage()
    {
        var counter = NewCounter();

        await Task.WhenAll(Enumerable.Range(0, 100).Select(_ => counter.IncrementAsync()));
        await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => counter.DecrementAsync()));

        Assert.Equal(90, await counter.GetAsync());
        Assert.Equal(90, await StoredCountAsync(counter));
    }

    [Fact]
    public async Task IncrementAsync_CallsWhileOthersAreWritten_EachCountedOnce()
    {
        var counter = NewCounter();

        // Waves that start while earlier ones are still being written join the next group.
        var waves = new List<Task>();
        for (var wave = 0; wave < 5; wave++)
        {
            waves.AddRange(Enumerable.Range(0, 7).Select(_ => counter.IncrementAsync()));
            await Task.Yield();
        }

        await Task.WhenAll(waves);

        Assert.Equal(35, await counter.GetAsync());
        Assert.Equal(35, await StoredCountAsync(counter));
    }

    [Fact]
    public async Task GetAsync_NothingCounted_IsZero()
    {
        Assert.Equal(0, await NewCounter().GetAsync());
    }

    private IParticipantCounterGrain NewCounter() =>
        fixture.Grains.GetGrain<IParticipantCounterGrain>(UnicityKeys.Counter(UnicityKeys.Context("poll-" + Guid.NewGuid().ToString("N")[..8], "poll"), 3));

    private async Task<long> StoredCountAsync(IParticipantCounterGrain counter)
    {
        var silo = (InProcessSiloHandle)fixture.Cluster.Primary!;
        var storage = silo.SiloHost.Services.GetRequiredKeyedService<IGrainStorage>(StorageNames.Default);
        var stored = new GrainState<ParticipantCounterState>(new ParticipantCounterState());
        await storage.ReadStateAsync("participantcounter", counter.GetGrainId(), stored);
        return stored.State!.Count;
    }
}
