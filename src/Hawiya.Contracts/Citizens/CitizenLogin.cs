using Hawiya.Contracts.Common;

namespace Hawiya.Contracts.Citizens;

/// <summary>Credentials and contact points set when a citizen is enrolled (seeding, counters, the citizen space).</summary>
[GenerateSerializer, Immutable, Alias("hawiya.CitizenCredentials")]
public sealed record CitizenCredentials
{
    /// <summary>Argon2id hash in PHC string format, never the password.</summary>
    [Id(0)] public string? PasswordHash { get; init; }
    /// <summary>E.164 phone number for SMS codes.</summary>
    [Id(1)] public string? Phone { get; init; }
    [Id(2)] public string? Email { get; init; }
    /// <summary>
    /// The citizen's pivot identity, sealed (AES-GCM) by the platform, kept only if the
    /// citizen chose to share attributes without presenting the card each time.
    /// </summary>
    [Id(3)] public byte[]? SealedIdentity { get; init; }
}

/// <summary>A citizen as a registration office or a bulk import hands it over: one write.</summary>
[GenerateSerializer, Immutable, Alias("hawiya.CitizenImport")]
public sealed record CitizenImport
{
    [Id(0)] public required AuthMethod[] Methods { get; init; }
    [Id(1)] public required CitizenCredentials Credentials { get; init; }
    [Id(2)] public required bool Activate { get; init; }
}

/// <summary>What the login pages need to know about a citizen, and nothing more.</summary>
[GenerateSerializer, Immutable, Alias("hawiya.CitizenLoginProfile")]
public sealed record CitizenLoginProfile
{
    [Id(0)] public required bool Registered { get; init; }
    [Id(1)] public required CitizenStatus Status { get; init; }
    /// <summary>Methods enrolled, turned on, and not locked out now.</summary>
    [Id(2)] public required AuthMethod[] UsableMethods { get; init; }
    [Id(3)] public string? Phone { get; init; }
    [Id(4)] public string? Email { get; init; }

    public bool CanLogIn => Registered && Status == CitizenStatus.Active;
}

/// <summary>A one-time code answered at a login session, as the session found it.</summary>
[GenerateSerializer, Alias("hawiya.CodeAnswer")]
public enum CodeAnswer
{
    Right = 0,
    Wrong = 1,
    /// <summary>The code had no attempt left: not compared, not counted.</summary>
    Spent = 2,
}

/// <summary>
/// The login session a right code completes: the citizen lists it (for revocation and "not me")
/// and answers what it may release to the session's provider, in the call that counts the answer.
/// </summary>
[GenerateSerializer, Immutable, Alias("hawiya.CompletingSession")]
public sealed record CompletingSession
{
    [Id(0)] public required string SessionId { get; init; }
    /// <summary>Until when the session may act for the citizen (its single sign-on lifetime).</summary>
    [Id(1)] public required DateTimeOffset ListedUntil { get; init; }
    [Id(2)] public required string ClientId { get; init; }
    [Id(3)] public required string Sector { get; init; }
}

/// <summary>The outcome of a password check made inside the citizen grain.</summary>
[GenerateSerializer, Immutable, Alias("hawiya.CredentialCheck")]
public sealed record CredentialCheck
{
    [Id(0)] public required bool Succeeded { get; init; }
    /// <summary>Set when the method is locked; the check was not even attempted.</summary>
    [Id(1)] public DateTimeOffset? LockedUntil { get; init; }
    /// <summary>True when 100 consecutive failures disabled the method (NIST SP 800-63B §5.2.2).</summary>
    [Id(2)] public bool NeedsRecovery { get; init; }
    /// <summary>True when the method could not be used at all (locked, disabled): nothing was counted.</summary>
    [Id(3)] public bool Refused { get; init; }
    /// <summary>For a right answer that completes a login (<see cref="CompletingSession"/>): what the citizen may release to its provider.</summary>
    [Id(4)] public CitizenRelease? Release { get; init; }
}

/// <summary>The citizen's standing consent to release attributes to one provider.</summary>
[GenerateSerializer, Immutable, Alias("hawiya.Consent")]
public sealed record Consent
{
    [Id(0)] public required string ClientId { get; init; }
    [Id(1)] public required string[] Scopes { get; init; }
    [Id(2)] public required string[] Claims { get; init; }
    [Id(3)] public required DateTimeOffset GrantedAt { get; init; }
}

/// <summary>What may be released to a provider's sector: the pairwise subject and the attribute sources.</summary>
[GenerateSerializer, Immutable, Alias("hawiya.CitizenRelease")]
public sealed record CitizenRelease
{
    /// <summary>Pairwise subject identifier for the sector (OIDC Core §8.1).</summary>
    [Id(0)] public required string Subject { get; init; }
    [Id(1)] public string? Phone { get; init; }
    [Id(2)] public string? Email { get; init; }
    [Id(3)] public byte[]? SealedIdentity { get; init; }
    [Id(4)] public Consent? Consent { get; init; }
    [Id(5)] public required CitizenStatus Status { get; init; }
}
