using System.Security.Cryptography;
using Hawiya.Server.Hosting;
using Microsoft.IdentityModel.Tokens;

namespace Hawiya.Server.Oidc.Keys;

/// <summary>
/// The provider's signing and encryption keys: from configuration, or, in Development only,
/// generated once and kept in PostgreSQL so that every silo signs with the same keys.
/// </summary>
public sealed class OidcKeyRing
{
    private const string SigningPurpose = "oidc-signing";
    private const string EncryptionPurpose = "oidc-encryption";

    private OidcKeyRing(IReadOnlyList<(SecurityKey Key, DateTimeOffset ActiveFrom)> signing, SymmetricSecurityKey encryption)
    {
        SigningKeys = signing;
        EncryptionKey = encryption;
    }

    /// <summary>Every signing key, published in the JWKS, with the instant each may start signing.</summary>
    public IReadOnlyList<(SecurityKey Key, DateTimeOffset ActiveFrom)> SigningKeys { get; }

    public SymmetricSecurityKey EncryptionKey { get; }

    public static OidcKeyRing Load(OidcSettings settings, IHostEnvironment environment, Func<SharedKeyTable> table)
    {
        var signing = settings.SigningKeys.Count > 0
            ? settings.SigningKeys.Select(k => (ReadPem(k.KeyId, k.PrivateKeyPem), k.ActiveFrom ?? DateTimeOffset.MinValue)).ToList()
            : DevelopmentSigningKeys(environment, table());
        var encryption = settings.EncryptionKey is { } configured
            ? ReadEncryptionKey(configured, environment)
            : DevelopmentEncryptionKey(environment, table());
        return new OidcKeyRing(signing, encryption);
    }

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
