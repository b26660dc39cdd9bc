namespace Hawiya.Contracts.Development;

/// <summary>
/// Development only: the messages the development outbox kept for one recipient on one channel,
/// whichever silo sent them, so that a reader (a newcomer, the load generator, the simulated phone)
/// asking any silo behind the balancer finds them. Key: <c>{channel}:{keyed pseudonym of the
/// recipient}</c>. Memory only, bounded and expiring; refused outside Development, so that no
/// one-time code is ever held by a production cluster.
/// </summary>
[Alias("hawiya.IDevelopmentOutboxGrain")]
public interface IDevelopmentOutboxGrain : IGrainWithStringKey
{
    [Alias("Add")]
    Task AddAsync(DevelopmentOutboxMessage message);

    /// <summary>Unexpired messages, newest first, at most <paramref name="max"/>.</summary>
    [Alias("List")]
    Task<DevelopmentOutboxMessage[]> ListAsync(int max);
}

[GenerateSerializer, Immutable, Alias("hawiya.DevelopmentOutboxMessage")]
public sealed record DevelopmentOutboxMessage
{
    [Id(0)] public required string MessageId { get; init; }
    [Id(1)] public required string Channel { get; init; }
    [Id(2)] public required string Recipient { get; init; }
    [Id(3)] public string? Subject { get; init; }
    [Id(4)] public required string Body { get; init; }
    [Id(5)] public required Dictionary<string, string> Data { get; init; }
    [Id(6)] public required DateTimeOffset SentAt { get; init; }
    [Id(7)] public required DateTimeOffset ExpiresAt { get; init; }
}
