namespace Hawiya.Contracts.Readers;

/// <summary>A check an offline kit made, as the cluster records it (no personal data).</summary>
[GenerateSerializer, Immutable, Alias("hawiya.ReaderEvent")]
public sealed record ReaderEvent
{
    [Id(0)] public required string Id { get; init; }
    [Id(1)] public required DateTimeOffset At { get; init; }
    [Id(2)] public required string Outcome { get; init; }
}

[GenerateSerializer, Immutable, Alias("hawiya.ReaderSnapshot")]
public sealed record ReaderSnapshot
{
    /// <summary>Events counted, by outcome; each event id once.</summary>
    [Id(0)] public required Dictionary<string, int> Outcomes { get; init; }
    [Id(1)] public required int EventCount { get; init; }
    [Id(2)] public DateTimeOffset? LastSyncAt { get; init; }
}

/// <summary>One per registered edge reader or offline kit, keyed by its credential's name.</summary>
[Alias("hawiya.IEdgeReaderGrain")]
public interface IEdgeReaderGrain : IGrainWithStringKey
{
    /// <summary>Records events not seen before (by id) and returns how many were new; repeating a batch changes nothing.</summary>
    [Alias("RecordEvents")]
    Task<int> RecordEventsAsync(ReaderEvent[] events);

    [Alias("Get")]
    Task<ReaderSnapshot> GetAsync();
}
