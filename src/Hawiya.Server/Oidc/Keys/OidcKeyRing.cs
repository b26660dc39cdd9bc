using System.Security.Cryptography;
using Hawiya.Hsm;
using Hawiya.Server.Hosting;
using Hawiya.Server.Keys;
using Microsoft.IdentityModel.Tokens;

namespace Hawiya.Server.Oidc.Keys;

/// <summary>A signing key, the instant it may start signing, and until when the JWKS publishes it.</summary>
public sealed record OidcSigningKey(SecurityKey Key, DateTimeOffset ActiveFrom, DateTimeOffset PublishedUntil);

/// <summary>
/// The provider's signing and encryption keys. Signing keys live in the HSM when <c>Hawiya:Hsm</c>
/// is configured (always, outside Development): generated there, signing there, found by their
/// label (<see cref="HsmKeyName"/>). Development without an HSM takes PEM keys from configuration
/// or generates them once into PostgreSQL so that every silo signs with the same keys.
/// </summary>
public sealed class OidcKeyRing
{
    /// <summary>The purpose of the OIDC signing keys in the HSM (<c>{namespace}/oidc/…</c>).</summary>
    public const string HsmPurpose = "oidc";

    /// <summary>
    /// Relying parties accept a token up to five minutes past its <c>exp</c> (Microsoft.IdentityModel's
    /// default clock skew, and the usual one), so a retired key stays published that much longer.
    /// </summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    private const string SigningPurpose = "oidc-signing";
    private const string EncryptionPurpose = "oidc-encryption";

    private OidcKeyRing(IReadOnlyList<OidcSigningKey> signing, SymmetricSecurityKey encryption)
    {
        SigningKeys = signing;
        EncryptionKey = encryption;
    }

    /// <summary>
    /// Every signing key: published in the JWKS from the start, signing from its <c>ActiveFrom</c>,
    /// published until the tokens it signed before its successor took over have expired. Retired
    /// keys are still used to check the server's own codes and refresh tokens.
    /// </summary>
    public IReadOnlyList<OidcSigningKey> SigningKeys { get; }

    public SymmetricSecurityKey EncryptionKey { get; }

    /// <summary>Whether the JWKS names the key <paramref name="keyId"/> at <paramref name="now"/>.</summary>
    public bool IsPublished(string? keyId, DateTimeOffset now) =>
        SigningKeys.Any(k => k.Key.KeyId == keyId && now <= k.PublishedUntil);

    public static OidcKeyRing Load(OidcSettings settings, IHostEnvironment environment, Func<SharedKeyTable> table, Func<PlatformKeys>? hsm = null)
    {
        if (hsm is not null && settings.SigningKeys.Count > 0)
        {
            throw new InvalidOperationException("Hawiya:Oidc:SigningKeys and Hawiya:Hsm are both set; signing keys come from one place, the HSM.");
        }

        var signing = hsm is not null ? HsmSigningKeys(hsm())
            : settings.SigningKeys.Count > 0
                ? settings.SigningKeys.Select(k => (ReadPem(k.KeyId, k.PrivateKeyPem), k.ActiveFrom ?? DateTimeOffset.MinValue)).ToList()
                : DevelopmentSigningKeys(environment, table());
        var encryption = settings.EncryptionKey is { } configured
            ? ReadEncryptionKey(configured, environment)
            : DevelopmentEncryptionKey(environment, table());
        var retention = (settings.AccessTokenLifetime > settings.IdentityTokenLifetime ? settings.AccessTokenLifetime : settings.IdentityTokenLifetime) + ClockSkew;
        return new OidcKeyRing(WithPublication(signing, retention), encryption);
    }

    /// <summary>
    /// A key is published until its successor of the same kind (ES256 or RS256) has signed for longer
    /// than the longest token lifetime, plus the clock skew: by then no token it signed is accepted.
    /// </summary>
    private static List<OidcSigningKey> WithPublication(List<(SecurityKey Key, DateTimeOffset ActiveFrom)> keys, TimeSpan retention) =>
        [.. keys.Select(k =>
        {
            var successor = keys
                .Where(o => (o.Key is RsaSecurityKey) == (k.Key is RsaSecurityKey) && o.ActiveFrom > k.ActiveFrom)
                .Select(o => (DateTimeOffset?)o.ActiveFrom)
                .Min();
            return new OidcSigningKey(k.Key, k.ActiveFrom, successor is { } next ? next + retention : DateTimeOffset.MaxValue);
        })];

    /// <summary>
    /// SECURITY: the keys are the token's; what this process holds is a handle and the public half
    /// (<see cref="HsmECDsa"/>, <see cref="HsmRsa"/>). A first start generates an ES256 and an RS256 key.
    /// </summary>
    private static List<(SecurityKey, DateTimeOffset)> HsmSigningKeys(PlatformKeys keys) =>
        [.. keys.Load(HsmPurpose, ("es256", HsmKeyType.EcP256), ("rs256", HsmKeyType.Rsa)).Select(k => k.Key.Type == HsmKeyType.Rsa
            ? ((SecurityKey)new RsaSecurityKey(k.Key.AsRsa()) { KeyId = k.Name.KeyId }, k.Name.ActiveFrom)
            : (new ECDsaSecurityKey(k.Key.AsECDsa()) { KeyId = k.Name.KeyId }, k.Name.ActiveFrom))];

    private static List<(SecurityKey, DateTimeOffset)> DevelopmentSigningKeys(IHostEnvironment environment, SharedKeyTable table)
    {
        RequireDevelopment(environment, "Hawiya:Oidc:SigningKeys");
        // ES256 signs by default (cheap, small); RS256 is there because OIDC Core §15.1 makes it mandatory to support.
        var es256 = table.GetOrAdd(SigningPurpose, "dev-es256", () => ECDsa.Create(ECCurve.NamedCurves.nistP256).ExportPkcs8PrivateKeyPem());
        var rs256 = table.GetOrAdd(SigningPurpose, "dev-rs256", () => RSA.Create(2048).ExportPkcs8PrivateKeyPem());
        return [(ReadPem("dev-es256", es256), DateTimeOffset.MinValue), (ReadPem("dev-rs256", rs256), DateTimeOffset.MinValue)];
    }

    private static SymmetricSecurityKey DevelopmentEncryptionKey(IHostEnvironment environment, SharedKeyTable table)
    {
        RequireDevelopment(environment, "Hawiya:Oidc:EncryptionKey");
        var material = table.GetOrAdd(EncryptionPurpose, "dev-aes256", () => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
        return new SymmetricSecurityKey(Convert.FromBase64String(material)) { KeyId = "dev-aes256" };
    }

    private static SymmetricSecurityKey ReadEncryptionKey(string value, IHostEnvironment environment)
    {
        if (!environment.IsDevelopment() && DevelopmentSecrets.IsMarked(value))
        {
            throw new InvalidOperationException("Hawiya:Oidc:EncryptionKey is a development default; set a real key outside Development.");
        }

        var bytes = DevelopmentSecrets.ReadKey(value);
        return bytes.Length == 32
            ? new SymmetricSecurityKey(bytes) { KeyId = Convert.ToHexStringLower(SHA256.HashData(bytes))[..16] }
            : throw new InvalidOperationException("Hawiya:Oidc:EncryptionKey must be 32 bytes (AES-256).");
    }

    private static SecurityKey ReadPem(string keyId, string pem)
    {
        if (TryEc(pem) is { } ec)
        {
            return ec.KeySize == 256
                ? new ECDsaSecurityKey(ec) { KeyId = keyId }
                : throw new InvalidOperationException($"Signing key {keyId}: only P-256 (ES256) EC keys are used.");
        }

        var rsa = RSA.Create();
        rsa.ImportFromPem(pem);
        return rsa.KeySize >= 2048
            ? new RsaSecurityKey(rsa) { KeyId = keyId }
            : throw new InvalidOperationException($"Signing key {keyId}: RSA keys must be at least 2048 bits.");
    }

    private static ECDsa? TryEc(string pem)
    {
        var ec = ECDsa.Create();
        try
        {
            ec.ImportFromPem(pem);
            return ec;
        }
        catch (ArgumentException)
        {
            ec.Dispose();
            return null;
        }
        catch (CryptographicException)
        {
            ec.Dispose();
            return null;
        }
    }

    private static void RequireDevelopment(IHostEnvironment environment, string setting)
    {
        if (!environment.IsDevelopment())
        {
            throw new InvalidOperationException($"{setting} is not set; generated keys are for Development only.");
        }
    }
}
