using Hawiya.Contracts.Common;
using Hawiya.Contracts.Unicity;
using Orleans.Concurrency;

namespace Hawiya.Grains.Unicity;

[GenerateSerializer, Alias("hawiya.ParticipantCounterState")]
public sealed class ParticipantCounterState
{
    [Id(0)] public long Count { get; set; }
}

/// <summary>
/// One shard of a context's count: a national poll's increments spread over many grains.
/// Increments are committed in groups: the calls that arrive while a write is under way share the
/// next write, and each caller is answered only when the write holding its change is durable. A
/// busy shard thus makes one write per group, not one per participant.
/// </summary>
[Reentrant]
public sealed class ParticipantCounterGrain(
    [PersistentState("participantcounter", StorageNames.Default)] IPersistentState<ParticipantCounterState> state) : Grain, IParticipantCounterGrain
{
    /// <summary>Changes not in any write yet.</summary>
    private long _unwritten;

    /// <summary>Completes when the write that will hold <see cref="_unwritten"/> is durable; null when nothing waits.</summary>
    private TaskCompletionSource? _next;

    private bool _writing;

    /// <summary>The count as storage holds it: what was acknowledged, never an increment still being written.</summary>
    private long _durable;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _durable = state.State.Count;
        return Task.CompletedTask;
    }

    public Task IncrementAsync() => AddAsync(1);

    public Task DecrementAsync() => AddAsync(-1);

    public Task<long> GetAsync() => Task.FromResult(_durable);

    private Task AddAsync(long change)
    {
        _unwritten += change;
        _next ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var written = _next.Task;
        if (!_writing)
        {
            _writing = true;
            _ = WriteGroupsAsync();
        }

        return written;
    }

    /// <summary>
    /// Writes one group at a time until none waits. Runs on this activation's scheduler, so the
    /// fields are only touched between awaits. The state is changed only here, never while a
    /// write of it is under way.
    /// </summary>
    private async Task WriteGroupsAsync()
    {
        try
        {
            while (_next is { } group)
            {
                _next = null;
                var change = _unwritten;
                _unwritten = 0;
                state.State.Count = _durable + change;
                try
                {
                    await state.WriteStateAsync();
                    _durable = state.State.Count;
                    group.SetResult();
                }
                catch (Exception e)
                {
                    // Put memory back to what storage holds (the write may have landed or not),
                    // and fail every caller of the group: none of them is acknowledged.
                    await RestoreAsync();
                    group.SetException(e);
                }
            }
        }
        finally
        {
            _writing = false;
        }
    }

    private async Task RestoreAsync()
    {
        try
        {
            await state.ReadStateAsync();
            _durable = state.State.Count;
        }
        catch
        {
            // Storage is unreachable: this activation can no longer vouch for its count (nor
            // write with the right version), so the next call starts from storage again.
            state.State.Count = _durable;
            DeactivateOnIdle();
        }
    }
}
