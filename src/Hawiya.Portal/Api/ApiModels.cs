namespace Hawiya.Portal.Api;

// The citizen API's JSON, as the portal reads it (enums travel as their names).

public sealed record CitizenProfile(
    string Status,
    DateTimeOffset? StatusChangedAt,
    MethodInfo[] Methods,
    string? Phone,
    string? Email,
    CardInfo[] Cards,
    LoginInfo Login);

public sealed record MethodInfo(string Method, bool Enabled, DateTimeOffset EnrolledAt);

/// <summary>An enrolled device: never its key nor its push token.</summary>
public sealed record DeviceInfo(string Id, string Label, DateTimeOffset EnrolledAt);

public sealed record CardInfo(string Key, string Status, string? RevocationCause, DateTimeOffset? NotAfter);

public sealed record LoginInfo(string Acr, DateTimeOffset AuthTime);

public sealed record Activity(ActivityEntry[] Entries, long? Next);

public sealed record ActivityEntry(
    long Sequence,
    string Kind,
    DateTimeOffset At,
    string? ClientId,
    string? Provider,
    string? Acr,
    string[] Methods,
    string[] ReleasedClaims,
    string? Place,
    string? Detail);

public sealed record ConsentInfo(string ClientId, string Provider, string[] Scopes, string[] Claims, DateTimeOffset GrantedAt);

public sealed record AlertPreferences(string Use, string NewMethod, string CardStatus);

/// <summary>The outcome of a call: a value, or why there is none.</summary>
public sealed record ApiResult<T>(T? Value, ApiRefusal? Refusal)
{
    public bool Succeeded => Refusal is null;
}

public enum ApiRefusalKind
{
    /// <summary>The token is gone or no longer valid: log in again.</summary>
    LoginNeeded,
    /// <summary>RFC 9470: a more recent or stronger login is needed.</summary>
    StepUpNeeded,
    /// <summary>Refused for a reason the citizen should read (RFC 9457 title and detail).</summary>
    Refused,
}

public sealed record ApiRefusal(ApiRefusalKind Kind, string Title, string? Detail, string? AcrValues = null, TimeSpan? MaxAge = null);
