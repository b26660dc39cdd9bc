using System.ComponentModel.DataAnnotations;

namespace Hawiya.Server.Oidc;

/// <summary>A signing key from configuration (PKCS#8 PEM), with the instant it may start signing.</summary>
public sealed class SigningKeySettings
{
    [Required] public string KeyId { get; set; } = string.Empty;
    /// <summary>PEM of an EC P-256 (ES256) or RSA ≥ 2048 (RS256) private key.</summary>
    [Required] public string PrivateKeyPem { get; set; } = string.Empty;
    /// <summary>
    /// Before this instant the key is only published in the JWKS, so that relying parties
    /// cache it before the first token signed with it arrives (the rotation path).
    /// </summary>
    public DateTimeOffset? ActiveFrom { get; set; }
}

/// <summary>The OpenID Provider (section <c>Hawiya:Oidc</c>).</summary>
public sealed class OidcSettings
{
    public const string Section = "Hawiya:Oidc";

    /// <summary>
    /// The issuer identifier (OIDC Discovery §4.3). Required outside Development; in Development
    /// only, an unset issuer is the request's base URL.
    /// </summary>
    public Uri? Issuer { get; set; }

    /// <summary>Signing keys; empty in Development means generated keys kept in PostgreSQL.</summary>
    public List<SigningKeySettings> SigningKeys { get; set; } = [];

    /// <summary>
    /// The <c>aud</c> of every access token (RFC 9068 §3): the resource identifier of Hawiya's own
    /// APIs (userinfo, unicity, the citizen API, the app API), each of which refuses a token that
    /// does not name it. An absolute URI (RFC 8707 §2).
    /// </summary>
    [Required] public string AccessTokenAudience { get; set; } = DefaultAccessTokenAudience;

    public const string DefaultAccessTokenAudience = "urn:hawiya:api";

    /// <summary>AES-256 key (base64) that encrypts codes, refresh tokens and request tokens.</summary>
    public string? EncryptionKey { get; set; }

    /// <summary>RFC 6749 §4.1.2 recommends at most ten minutes; one minute is plenty for a redirect.</summary>
    [Range(typeof(TimeSpan), "00:00:10", "00:01:00")] public TimeSpan AuthorizationCodeLifetime { get; set; } = TimeSpan.FromSeconds(60);
    /// <summary>
    /// Whether well-formed client-credentials requests are answered by the lane
    /// (<see cref="Lanes.ClientCredentialsLane"/>) rather than OpenIddict's full pipeline; the token is the same.
    /// </summary>
    public bool ClientCredentialsLane { get; set; } = true;

    /// <summary>
    /// How long a silo keeps a provider's snapshot (<see cref="Endpoints.ProviderSnapshots"/>): a
    /// change made through another silo (a suspension) is seen here within this time. Zero reads
    /// the provider's grain at every request.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:10")] public TimeSpan ProviderSnapshotLifetime { get; set; } = TimeSpan.FromSeconds(1);

    [Range(typeof(TimeSpan), "00:01:00", "01:00:00")] public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromMinutes(5);
    [Range(typeof(TimeSpan), "00:01:00", "01:00:00")] public TimeSpan IdentityTokenLifetime { get; set; } = TimeSpan.FromMinutes(5);
    [Range(typeof(TimeSpan), "00:10:00", "90.00:00:00")] public TimeSpan RefreshTokenLifetime { get; set; } = TimeSpan.FromDays(30);
    [Range(typeof(TimeSpan), "00:01:00", "01:00:00")] public TimeSpan RequestLifetime { get; set; } = TimeSpan.FromMinutes(15);
}
