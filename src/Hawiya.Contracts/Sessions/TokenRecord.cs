namespace Hawiya.Contracts.Sessions;

/// <summary>
/// An OpenID Connect token entry (request token, authorization code, refresh token) kept
/// by the session that issued it, so that redemption and reuse detection happen in one
/// single-threaded place.
/// </summary>
[GenerateSerializer, Immutable, Alias("hawiya.TokenRecord")]
public sealed record TokenRecord
{
    /// <summary><c>{sessionId}.{random}</c>: the prefix routes every look-up to the owning session.</summary>
    [Id(0)] public required string Id { get; init; }
    [Id(1)] public required string Type { get; init; }
    [Id(2)] public required string Status { get; init; }
    [Id(3)] public string? ApplicationId { get; init; }
    [Id(4)] public string? AuthorizationId { get; init; }
    [Id(5)] public string? Subject { get; init; }
    [Id(6)] public DateTimeOffset? CreatedAt { get; init; }
    [Id(7)] public DateTimeOffset? ExpiresAt { get; init; }
    [Id(8)] public DateTimeOffset? RedeemedAt { get; init; }
    /// <summary>Digest of the reference identifier handed to the client, for reference tokens.</summary>
    [Id(9)] public string? ReferenceHash { get; init; }
    [Id(10)] public string? Payload { get; init; }
    [Id(11)] public string? Properties { get; init; }
    /// <summary>Incremented by every stored change; an update naming an older version is refused.</summary>
    [Id(12)] public int Version { get; init; }
    /// <summary>
    /// The request whose redemption is held (see <see cref="IAuthSessionGrain.HoldRedemptionAsync"/>):
    /// lets that request, and only it, confirm the redemption once it has been written.
    /// </summary>
    [Id(13)] public Guid? RedeemedBy { get; init; }
}

[GenerateSerializer, Immutable, Alias("hawiya.TokenLookup")]
public sealed record TokenLookup
{
    [Id(0)] public TokenRecord? Token { get; init; }
    [Id(1)] public required SessionView Session { get; init; }
    /// <summary>The session as an authorization, read in the same call: OpenIddict checks it next.</summary>
    [Id(2)] public AuthorizationView? Authorization { get; init; }
    /// <summary>This call began the login (see <see cref="IAuthSessionGrain.AddRequestTokenAsync"/>): the caller binds the browser to it.</summary>
    [Id(3)] public bool BegunNow { get; init; }
}

/// <summary>The session as an authorization, with its view: userinfo reads both for one access token.</summary>
[GenerateSerializer, Immutable, Alias("hawiya.AuthorizationLookup")]
public sealed record AuthorizationLookup
{
    [Id(0)] public required AuthorizationView Authorization { get; init; }
    [Id(1)] public required SessionView Session { get; init; }
}

[GenerateSerializer, Immutable, Alias("hawiya.TokenUpdate")]
public sealed record TokenUpdate
{
    [Id(0)] public required bool Succeeded { get; init; }
    [Id(1)] public TokenRecord? Current { get; init; }
}

/// <summary>The session seen as an OpenIddict ad-hoc authorization.</summary>
[GenerateSerializer, Immutable, Alias("hawiya.AuthorizationView")]
public sealed record AuthorizationView
{
    [Id(0)] public required string Id { get; init; }
    [Id(1)] public string? ClientId { get; init; }
    [Id(2)] public string? Subject { get; init; }
    [Id(3)] public required string[] Scopes { get; init; }
    [Id(4)] public required bool Revoked { get; init; }
    [Id(5)] public required DateTimeOffset CreatedAt { get; init; }
}

/// <summary>
/// What the citizen authorized for this session's tokens (<see cref="IAuthSessionGrain.AuthorizeAsync"/>),
/// recorded with the code issued from it.
/// </summary>
[GenerateSerializer, Immutable, Alias("hawiya.AuthorizationGrant")]
public sealed record AuthorizationGrant
{
    [Id(0)] public required string Subject { get; init; }
    [Id(1)] public required string[] Scopes { get; init; }
    [Id(2)] public required string[] Claims { get; init; }
    /// <summary>Until when tokens issued from it may live: the citizen's list of sessions keeps it that long.</summary>
    [Id(3)] public required DateTimeOffset TokensUntil { get; init; }
}
