using Hawiya.Contracts.Common;

namespace Hawiya.Contracts.Journal;

/// <summary>An alert waiting to leave, possibly standing for a burst of <see cref="Count"/> events.</summary>
[GenerateSerializer, Immutable, Alias("hawiya.PendingAlert")]
public sealed record PendingAlert
{
    [Id(0)] public required long Id { get; init; }
    [Id(1)] public required JournalEventKind Kind { get; init; }
    [Id(2)] public required AlertChannel Channel { get; init; }
    /// <summary>How many events this alert stands for (1, or a coalesced burst).</summary>
    [Id(3)] public required int Count { get; init; }
    [Id(4)] public required DateTimeOffset FirstAt { get; init; }
    [Id(5)] public required DateTimeOffset LastAt { get; init; }
    [Id(6)] public string? ClientId { get; init; }
    [Id(7)] public LevelOfAssurance? Level { get; init; }
    [Id(8)] public string? Detail { get; init; }
    [Id(9)] public int Attempts { get; init; }
    [Id(10)] public DateTimeOffset NextAttemptAt { get; init; }
}

/// <summary>What became of one alert: sent, to retry later, or dropped for good (no contact point).</summary>
[GenerateSerializer, Alias("hawiya.AlertOutcome")]
public enum AlertOutcome
{
    Sent = 0,
    RetryLater = 1,
    Dropped = 2,
}

[GenerateSerializer, Immutable, Alias("hawiya.AlertAttempt")]
public sealed record AlertAttempt([property: Id(0)] long AlertId, [property: Id(1)] AlertOutcome Outcome, [property: Id(2)] string? Reason);
