namespace Hawiya.Contracts.Unicity;

/// <summary>
/// One per (unicity context, citizen), keyed <c>u-</c> + <see cref="UnicityKeys.Participation"/>: whether this
/// citizen already took part in this poll. The participation ledger's unique row makes the first
/// participation exactly once; one grain per participant keeps repeats in memory and leaves no hot
/// grain in a national poll.
/// </summary>
[Alias("hawiya.IParticipationGrain")]
public interface IParticipationGrain : IGrainWithStringKey
{
    /// <summary>
    /// Records the participation, durably, before answering. The request that recorded it gets
    /// <see cref="ParticipationStatus.First"/>, again on every retry with the same
    /// <see cref="ParticipationRequest.RequestKey"/>; any other request gets <see cref="ParticipationStatus.Repeat"/>.
    /// </summary>
    [Alias("Participate")]
    Task<ParticipationAnswer> ParticipateAsync(ParticipationRequest request);

    /// <summary>Whether a participation is recorded, without recording one.</summary>
    [Alias("IsRecorded")]
    Task<bool> IsRecordedAsync();
}

/// <summary>The answer to a participation. Numeric values are persisted: never renumber.</summary>
[GenerateSerializer, Alias("hawiya.ParticipationStatus")]
public enum ParticipationStatus
{
    First = 0,
    Repeat = 1,
}

[GenerateSerializer, Immutable, Alias("hawiya.ParticipationRequest")]
public sealed record ParticipationRequest
{
    /// <summary>The context grain's key (<see cref="UnicityKeys.Context"/>), to count the participant in.</summary>
    [Id(0)] public required string ContextKey { get; init; }
    /// <summary>
    /// What makes a retry the same request: the login session, or the provider's idempotency key.
    /// Stored as given; callers pass an opaque value, never personal data.
    /// </summary>
    [Id(1)] public required string RequestKey { get; init; }
}

[GenerateSerializer, Immutable, Alias("hawiya.ParticipationAnswer")]
public sealed record ParticipationAnswer
{
    [Id(0)] public required ParticipationStatus Status { get; init; }
    /// <summary>When the first participation was recorded.</summary>
    [Id(1)] public required DateTimeOffset RecordedAt { get; init; }
}
