using Hawiya.Contracts.Cards;
using Hawiya.Contracts.Common;
using Hawiya.Contracts.Providers;

namespace Hawiya.Server.Operators;

/// <summary>A citizen to make known; national numbers never leave this request unhashed.</summary>
public sealed record CitizenSeed(string NationalNumber, bool Activate = true, AuthMethod[]? Methods = null);

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
    bool Accredit = true);

/// <summary>A whole seed document, as kept in <c>infra/seed</c>.</summary>
public sealed record SeedDocument(CitizenSeed[]? Citizens, ProviderSeed[]? Providers, CardSeed[]? Cards);

public sealed record RevokeCardRequest(CardRevocationCause Cause);

public sealed record SuspendProviderRequest(string Reason);

/// <summary>What a bulk call did: how many items succeeded, and why the others failed.</summary>
public sealed record SeedReport(int Succeeded, IReadOnlyList<SeedFailure> Failures);

public sealed record SeedFailure(int Index, string Error, string? Detail);
