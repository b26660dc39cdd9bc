using Hawiya.Contracts.Common;
using Hawiya.Contracts.Unicity;
using Hawiya.Grains.Common;

namespace Hawiya.Grains.Unicity;

[GenerateSerializer, Alias("hawiya.ParticipantCounterState")]
public sealed class ParticipantCounterState
{
    [Id(0)] public long Count { get; set; }
}

/// <summary>One shard of a context's count: a national poll's increments spread over many grains.</summary>
public sealed class ParticipantCounterGrain(
    [PersistentState("participantcounter", StorageNames.Default)] IPersistentState<ParticipantCounterState> state) : Grain, IParticipantCounterGrain
{
    public async Task IncrementAsync()
    {
        state.State.Count++;
        await state.WriteOrRestoreAsync(this);
    }

    public Task<long> GetAsync() => Task.FromResult(state.State.Count);
}
