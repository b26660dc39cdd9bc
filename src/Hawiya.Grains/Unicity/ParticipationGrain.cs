using Hawiya.Contracts.Common;
using Hawiya.Contracts.Unicity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Hawiya.Grains.Unicity;

[GenerateSerializer, Alias("hawiya.ParticipationState")]
public sealed class ParticipationState
{
    [Id(0)] public bool Recorded { get; set; }
    [Id(1)] public DateTimeOffset RecordedAt { get; set; }
    /// <summary>The request that won the first participation; its retries get <c>first</c> again.</summary>
    [Id(2)] public string? FirstRequestKey { get; set; }
    [Id(3)] public string? ContextKey { get; set; }
    [Id(4)] public int Shard { get; set; }
    /// <summary>Whether the participant was added to the context's count.</summary>
    [Id(5)] public bool Counted { get; set; }
}

/// <summary>
/// Called after a first participation is durable and before it is answered. Operations use none;
/// tests use it to lose the answer after the write, as a silo dying at that instant would.
/// </summary>
public interface IParticipationWriteObserver
{
    Task RecordedAsync(string participationKey);
}

public sealed partial class ParticipationGrain(
    [PersistentState("participation", StorageNames.Default)] IPersistentState<ParticipationState> state,
    IServiceProvider services,
    TimeProvider time,
    ILogger<ParticipationGrain> logger) : Grain, IParticipationGrain
{
    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // An earlier activation recorded the participant but did not get to count it.
        if (state.State is { Recorded: true, Counted: false })
        {
            await CountAsync();
        }
    }

    public Task<bool> IsRecordedAsync() => Task.FromResult(state.State.Recorded);

    public async Task<ParticipationAnswer> ParticipateAsync(ParticipationRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrEmpty(request.RequestKey);
        ArgumentException.ThrowIfNullOrEmpty(request.ContextKey);
        var s = state.State;
        if (s.Recorded)
        {
            return Answer(request);
        }

        // Counted before recorded: the shard's write (shared with the other first participations
        // arriving at that shard meanwhile) is durable before this one's, so a recorded
        // participant is always counted and a first participation costs one write of its own.
        var counter = GrainFactory.GetGrain<IParticipantCounterGrain>(UnicityKeys.Counter(request.ContextKey, request.Shard));
        await counter.IncrementAsync();
        s.Recorded = true;
        s.RecordedAt = time.GetUtcNow();
        s.FirstRequestKey = request.RequestKey;
        s.ContextKey = request.ContextKey;
        s.Shard = request.Shard;
        s.Counted = true;
        try
        {
            // The first write inserts the row: a second activation of this grain (possible for a
            // moment while the cluster's membership settles) fails here on the row the other one
            // inserted (optimistic concurrency, InconsistentStateException), and then answers from
            // what storage holds.
            await state.WriteStateAsync();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            var known = await ReloadOrDeactivateAsync();
            var mine = state.State.Recorded && string.Equals(state.State.FirstRequestKey, request.RequestKey, StringComparison.Ordinal);
            if (known && !mine)
            {
                // Storage says this increment counts nobody: another activation recorded (and
                // counted) the participant, or nothing was recorded. When storage could not be
                // read, the write may have landed: the increment stays (one too many at worst).
                await UncountAsync(counter);
            }

            if (state.State.Recorded && !mine)
            {
                LogConcurrentFirst(this.GetPrimaryKeyString());
                return Answer(request);
            }

            throw;
        }

        if (services.GetService<IParticipationWriteObserver>() is { } observer)
        {
            await observer.RecordedAsync(this.GetPrimaryKeyString());
        }

        return Answer(request);
    }

    private ParticipationAnswer Answer(ParticipationRequest request) => new()
    {
        Status = string.Equals(state.State.FirstRequestKey, request.RequestKey, StringComparison.Ordinal)
            ? ParticipationStatus.First
            : ParticipationStatus.Repeat,
        RecordedAt = state.State.RecordedAt,
    };

    /// <summary>
    /// Takes back an increment that counts nobody. Should that fail too, the count is one high:
    /// it may count a participant twice, never lose one.
    /// </summary>
    private async Task UncountAsync(IParticipantCounterGrain counter)
    {
        try
        {
            await counter.DecrementAsync();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogUncountFailed(e, this.GetPrimaryKeyString());
        }
    }

    /// <summary>
    /// Counts a participation recorded before it was counted (rows written before participations
    /// were counted first). A failure leaves the participation standing and is retried at the
    /// next activation, so the count may lag but does not lose a participant; it counts one twice
    /// only if the counter's write succeeded and this grain's following write failed.
    /// </summary>
    private async Task CountAsync()
    {
        var s = state.State;
        try
        {
            await GrainFactory.GetGrain<IParticipantCounterGrain>(UnicityKeys.Counter(s.ContextKey!, s.Shard)).IncrementAsync();
            s.Counted = true;
            await state.WriteStateAsync();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogCountFailed(e, this.GetPrimaryKeyString());
            await ReloadOrDeactivateAsync();
        }
    }

    /// <summary>
    /// Puts memory back to what storage holds. If storage cannot be read either, memory is
    /// cleared and the activation ends, so that nothing unwritten is ever answered from.
    /// </summary>
    /// <returns>Whether memory now holds what storage holds.</returns>
    private async Task<bool> ReloadOrDeactivateAsync()
    {
        try
        {
            await state.ReadStateAsync();
            return true;
        }
        catch
        {
            state.State = new ParticipationState();
            DeactivateOnIdle();
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Participation {Key}: another activation recorded it first")]
    private partial void LogConcurrentFirst(string key);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Participation {Key}: an increment that counts nobody could not be taken back")]
    private partial void LogUncountFailed(Exception exception, string key);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Participation {Key}: not counted yet, retried at next activation")]
    private partial void LogCountFailed(Exception exception, string key);
}
