using Hawiya.Contracts.Common;

namespace Hawiya.Contracts.Providers;

/// <summary>Traffic allowance of a provider: a token bucket (sustained rate, burst).</summary>
[GenerateSerializer, Immutable, Alias("hawiya.ProviderQuota")]
public sealed record ProviderQuota
{
    [Id(0)] public required double RequestsPerSecond { get; init; }
    [Id(1)] public required int Burst { get; init; }
}

/// <summary>What a provider asks for when it applies for accreditation.</summary>
[GenerateSerializer, Immutable, Alias("hawiya.ProviderRegistration")]
public sealed record ProviderRegistration
{
    [Id(0)] public required string DisplayName { get; init; }
    [Id(1)] public required string[] RedirectUris { get; init; }
    [Id(2)] public string[] PostLogoutRedirectUris { get; init; } = [];
    [Id(3)] public required string[] AllowedScopes { get; init; }
    [Id(4)] public required AuthMethod[] AllowedMethods { get; init; }
    [Id(5)] public LevelOfAssurance MinimumLevel { get; init; } = LevelOfAssurance.Low;
    /// <summary>Sector identifier host for pairwise <c>sub</c> (OIDC Core §8.1); providers of one sector share it.</summary>
    [Id(6)] public required string Sector { get; init; }
    [Id(7)] public ClientAuthMethod ClientAuthMethod { get; init; } = ClientAuthMethod.ClientSecretBasic;
    /// <summary>SHA-256 of the client secret, hex; the secret itself is never stored.</summary>
    [Id(8)] public string? ClientSecretHash { get; init; }
    /// <summary>The provider's public JWKS (JSON) for <c>private_key_jwt</c>.</summary>
    [Id(9)] public string? Jwks { get; init; }
    [Id(10)] public ProviderQuota? Quota { get; init; }
    [Id(11)] public string? BackchannelLogoutUri { get; init; }
    /// <summary><c>id_token_signed_response_alg</c> (OIDC Dynamic Registration §2): ES256 when null, or RS256.</summary>
    [Id(12)] public string? IdTokenSignedResponseAlg { get; init; }
    /// <summary>Accredited for unicity: may register poll contexts and ask whether a citizen already took part.</summary>
    [Id(50)] public bool Unicity { get; init; }
}
