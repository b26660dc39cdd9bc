using Hawiya.Contracts.Common;

namespace Hawiya.Contracts.Sessions;

/// <summary>Where a login session stands. Numeric values are persisted: never renumber.</summary>
[GenerateSerializer, Alias("hawiya.SessionStatus")]
public enum SessionStatus
{
    /// <summary>Only the authorization request is known.</summary>
    Pending = 0,
    /// <summary>A provider's request is being answered: identification and challenges.</summary>
    InProgress = 1,
    /// <summary>The citizen passed enough challenges; consent and code may follow.</summary>
    Authenticated = 2,
    /// <summary>The citizen refused, or the session was abandoned.</summary>
    Denied = 3,
    /// <summary>Revoked: its authorization, codes and refresh tokens are void.</summary>
    Revoked = 4,
}

/// <summary>What a provider asked for, fixed when the login starts.</summary>
[GenerateSerializer, Immutable, Alias("hawiya.SessionStart")]
public sealed record SessionStart
{
    [Id(0)] public required string ClientId { get; init; }
    [Id(1)] public required LevelOfAssurance RequiredLevel { get; init; }
    [Id(2)] public required string[] Scopes { get; init; }
    /// <summary>Methods the provider allows; the citizen's own choice is intersected with it.</summary>
    [Id(3)] public required AuthMethod[] AllowedMethods { get; init; }
    /// <summary>The provider's sector, for its pairwise subject identifiers.</summary>
    [Id(4)] public required string Sector { get; init; }
    /// <summary>The provider's name as the pages show it, so that the pages between the request and the code need not read the provider.</summary>
    [Id(5)] public string? ProviderName { get; init; }
    /// <summary>The request's ui_locales (OIDC Core §3.1.2.1), for the same pages.</summary>
    [Id(6)] public string? UiLocales { get; init; }
}

/// <summary>An authentication the citizen completed: who, how, how strongly, when.</summary>
[GenerateSerializer, Immutable, Alias("hawiya.Authentication")]
public sealed record Authentication
{
    [Id(0)] public required string CitizenKey { get; init; }
    [Id(1)] public required AuthMethod[] Methods { get; init; }
    [Id(2)] public required LevelOfAssurance Level { get; init; }
    [Id(3)] public required DateTimeOffset AuthTime { get; init; }
    /// <summary>The session where the citizen actually proved it (differs from this one after single sign-on).</summary>
    [Id(4)] public required string OriginSessionId { get; init; }
}

[GenerateSerializer, Immutable, Alias("hawiya.SessionView")]
public sealed record SessionView
{
    [Id(0)] public required string SessionId { get; init; }
    [Id(1)] public required SessionStatus Status { get; init; }
    [Id(2)] public SessionStart? Start { get; init; }
    /// <summary>Set once the citizen typed an identifier; says nothing of whether that citizen exists.</summary>
    [Id(3)] public bool Identified { get; init; }
    [Id(4)] public required AuthMethod[] PassedMethods { get; init; }
    [Id(5)] public required LevelOfAssurance Level { get; init; }
    [Id(6)] public Authentication? Authentication { get; init; }
    /// <summary>The channel of the outstanding one-time code, if any.</summary>
    [Id(7)] public AuthMethod? PendingChallenge { get; init; }
    [Id(8)] public required DateTimeOffset ExpiresAt { get; init; }
    /// <summary>The pairwise subject the provider knows the citizen by, once authorized.</summary>
    [Id(9)] public string? Subject { get; init; }
    /// <summary>The scopes the citizen consented to for this login.</summary>
    [Id(10)] public string[] AuthorizedScopes { get; init; } = [];
    /// <summary>The pseudonymous key of the citizen identified; server-side only, never shown.</summary>
    [Id(11)] public string? CitizenKey { get; init; }
    /// <summary>Claims consented to individually, beyond the scopes (OIDC Core §5.5).</summary>
    [Id(12)] public string[] AuthorizedClaims { get; init; } = [];
    /// <summary>The push or face challenge the page is waiting on, if any.</summary>
    [Id(20)] public Devices.DevicePrompt? DevicePrompt { get; init; }
    /// <summary>The channel of the last code, when its gateway did not take it.</summary>
    [Id(40)] public AuthMethod? UndeliveredCode { get; init; }
    /// <summary>The identified citizen's methods, as the session last read them (recently); null when it holds none.</summary>
    [Id(41)] public CitizenMethods? CitizenMethods { get; init; }
}

/// <summary>What the methods page needs of a citizen's login profile: no contact data.</summary>
[GenerateSerializer, Immutable, Alias("hawiya.CitizenMethods")]
public sealed record CitizenMethods
{
    /// <summary>False for an unknown or inactive citizen (the page offers them what it offers anyone).</summary>
    [Id(0)] public required bool CanLogIn { get; init; }
    [Id(1)] public required AuthMethod[] Usable { get; init; }
}

/// <summary>Why a challenge answer was not accepted. Numeric values are persisted.</summary>
[GenerateSerializer, Alias("hawiya.ChallengeError")]
public enum ChallengeError
{
    None = 0,
    /// <summary>Wrong code or password, or an unknown or inactive citizen (deliberately not told apart).</summary>
    Rejected = 1,
    Expired = 2,
    /// <summary>Five wrong answers: the challenge is spent, even for a right answer.</summary>
    AttemptsExhausted = 3,
    Locked = 4,
    NoChallenge = 5,
    NotIdentified = 6,
    /// <summary>The session is not in a state that takes challenges (expired, revoked, other provider).</summary>
    SessionClosed = 7,
    /// <summary>The method is not among those offered for this login.</summary>
    MethodNotOffered = 8,
    /// <summary>Too many pushes outstanding for this citizen (push fatigue): none was sent.</summary>
    Throttled = 20,
}

[GenerateSerializer, Immutable, Alias("hawiya.ChallengeResult")]
public sealed record ChallengeResult
{
    [Id(0)] public required ChallengeError Error { get; init; }
    [Id(1)] public required SessionView Session { get; init; }
    [Id(2)] public int AttemptsLeft { get; init; }
    [Id(3)] public DateTimeOffset? LockedUntil { get; init; }
    /// <summary>Set when this answer authenticated the citizen and the citizen answered it with the code (<see cref="Citizens.CompletingSession"/>).</summary>
    [Id(4)] public Citizens.CitizenRelease? Release { get; init; }

    public bool Succeeded => Error == ChallengeError.None;
}

/// <summary>A one-time code just issued, to be sent by the caller; only its digest stays in the session.</summary>
[GenerateSerializer, Immutable, Alias("hawiya.IssuedCode")]
public sealed record IssuedCode
{
    [Id(0)] public required ChallengeError Error { get; init; }
    /// <summary>Six digits; empty when nothing is to be sent.</summary>
    [Id(1)] public string Code { get; init; } = string.Empty;
    /// <summary>Where to send it (E.164 or an address); null when the citizen has none or does not exist.</summary>
    [Id(2)] public string? Destination { get; init; }
    [Id(3)] public DateTimeOffset? ExpiresAt { get; init; }
    /// <summary>The session once the code is issued (what the code page is drawn from).</summary>
    [Id(4)] public SessionView? Session { get; init; }
}
