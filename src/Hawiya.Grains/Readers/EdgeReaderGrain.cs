using Hawiya.Contracts.Common;
using Hawiya.Contracts.Readers;
using Hawiya.Grains.Common;

namespace Hawiya.Grains.Readers;

[GenerateSerializer, Alias("hawiya.EdgeReaderState")]
public sealed class EdgeReaderState
{
    /// <summary>Every event id recorded: what makes a retried sync count nothing twice.</summary>
    [Id(0)] public HashSet<string> EventIds { get; set; } = [];
    [Id(1)] public Dictionary<string, int> Outcomes { get; set; } = [];
    [Id(2)] public DateTimeOffset? LastSyncAt { get; set; }
}

/// <summary>
/// An edge reader or offline kit: the checks it synced. One write per batch; a batch that was
/// recorded but whose answer was lost is sent again by the kit and recorded as nothing new.
/// </summary>
public sealed class EdgeReaderGrain(
    [PersistentState("edgereader", StorageNames.Default)] IPersistentState<EdgeReaderState> state,
    TimeProvider time) : Grain, IEdgeReaderGrain
{
    public async Task<int> RecordEventsAsync(ReaderEvent[] events)
    {
        var recorded = 0;
        foreach (var item in events)
        {
            if (state.State.EventIds.Add(item.Id))
            {
                state.State.Outcomes[item.Outcome] = state.State.Outcomes.GetValueOrDefault(item.Outcome) + 1;
                recorded++;
            }
        }

        state.State.LastSyncAt = time.GetUtcNow();
        await state.WriteOrRestoreAsync(this);
        return recorded;
    }

    public Task<ReaderSnapshot> GetAsync() => Task.FromResult(new ReaderSnapshot
    {
        Outcomes = new Dictionary<string, int>(state.State.Outcomes),
        EventCount = state.State.EventIds.Count,
        LastSyncAt = state.State.LastSyncAt,
    });
}
