using Hawiya.Contracts.Cards;
using Hawiya.Contracts.Common;
using Hawiya.Contracts.Providers;
using Hawiya.Server.Oidc.Release;

namespace Hawiya.Server.Operators;

/// <summary>
/// A citizen to make known; national numbers never leave this request unhashed. A
/// <see cref="Password"/> is hashed here (Argon2id); bulk seeding passes a ready
/// <see cref="PasswordHash"/> instead, so that preparing 100,000 citizens is not 100,000 hashes.
/// </summary>
public sealed record CitizenSeed(
    string NationalNumber,
    bool Activate = true,
    AuthMethod[]? Methods = null,
    string? Password = null,
    string? PasswordHash = null,
    string? Phone = null,
    string? Email = null,
    PivotIdentity? Identity = null);

/// <summary>A card to register: its number, its holder and its authentication certificate (DER, base64).</summary>
public sealed record CardSeed(string CardNumber, string NationalNumber, string Certificate);

/// <summary>A provider to register; <see cref="ClientSecret"/> is hashed before it reaches a grain.</summary>
public sealed record ProviderSeed(
    string ClientId,
    string DisplayName,
    string[] RedirectUris,
    string[] AllowedScopes,
    AuthMethod[] AllowedMethods,
    string Sector,
    string[]? PostLogoutRedirectUris = null,
    LevelOfAssurance MinimumLevel = LevelOfAssurance.Low,
    ClientAuthMethod ClientAuthMethod = ClientAuthMethod.ClientSecretBasic,
    string? ClientSecret = null,
    string? Jwks = null,
    ProviderQuota? Quota = null,
    string? BackchannelLogoutUri = null,
    string? IdTokenSignedResponseAlg = null,
    bool Accredit = true,
    bool Unicity = false);

/// <summary>A whole seed document, as kept in <c>infra/seed</c>.</summary>
public sealed record SeedDocument(CitizenSeed[]? Citizens, ProviderSeed[]? Providers, CardSeed[]? Cards);

public sealed record RevokeCardRequest(CardRevocationCause Cause);

public sealed record SuspendProviderRequest(string Reason);

/// <summary>What a bulk call did: how many items succeeded, and why the others failed.</summary>
public sealed record SeedReport(int Succeeded, IReadOnlyList<SeedFailure> Failures);

public sealed record SeedFailure(int Index, string Error, string? Detail);
