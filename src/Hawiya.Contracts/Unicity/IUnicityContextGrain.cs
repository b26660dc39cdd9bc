namespace Hawiya.Contracts.Unicity;

/// <summary>
/// A poll or e-participation context a provider registered, keyed <see cref="UnicityKeys.Context"/>
/// (<c>x-{client_id}:{context}</c>). It is read rarely (each silo caches it), never once per vote.
/// </summary>
[Alias("hawiya.IUnicityContextGrain")]
public interface IUnicityContextGrain : IGrainWithStringKey
{
    [Alias("Get")]
    Task<UnicityContextSnapshot> GetAsync();

    /// <summary>Unknown → open. Registering an open context again with the same label changes nothing.</summary>
    [Alias("Register")]
    Task<UnicityContextResult> RegisterAsync(UnicityContextRegistration registration);

    /// <summary>Open → closed (terminal): from then on participations are refused.</summary>
    [Alias("Close")]
    Task<UnicityContextResult> CloseAsync();

    /// <summary>How many citizens took part, as the participation ledger counts them.</summary>
    [Alias("CountParticipants")]
    Task<long> CountParticipantsAsync();
}

/// <summary>Life cycle of a unicity context. Numeric values are persisted: never renumber.</summary>
[GenerateSerializer, Alias("hawiya.UnicityContextStatus")]
public enum UnicityContextStatus
{
    Unknown = 0,
    Open = 1,
    Closed = 2,
}

[GenerateSerializer, Alias("hawiya.UnicityContextError")]
public enum UnicityContextError
{
    None = 0,
    ForbiddenTransition = 1,
    InvalidRegistration = 2,
}

[GenerateSerializer, Immutable, Alias("hawiya.UnicityContextRegistration")]
public sealed record UnicityContextRegistration
{
    [Id(0)] public required string ClientId { get; init; }
    [Id(1)] public required string ContextId { get; init; }
    /// <summary>A label for operators (the poll's title); never shown to citizens.</summary>
    [Id(2)] public required string Label { get; init; }
    // [Id(3)] held the number of counter shards; counts now live in the participation ledger. Never reuse 3.
}

[GenerateSerializer, Immutable, Alias("hawiya.UnicityContextSnapshot")]
public sealed record UnicityContextSnapshot
{
    [Id(0)] public required UnicityContextStatus Status { get; init; }
    [Id(1)] public UnicityContextRegistration? Registration { get; init; }
    [Id(2)] public DateTimeOffset? OpenedAt { get; init; }
    [Id(3)] public DateTimeOffset? ClosedAt { get; init; }

    public bool IsOpen => Status == UnicityContextStatus.Open;
}

[GenerateSerializer, Immutable, Alias("hawiya.UnicityContextResult")]
public sealed record UnicityContextResult
{
    [Id(0)] public required UnicityContextError Error { get; init; }
    [Id(1)] public required UnicityContextSnapshot Snapshot { get; init; }
    [Id(2)] public string? Detail { get; init; }

    public bool Succeeded => Error == UnicityContextError.None;
}
