using System.Security.Cryptography;
using Hawiya.Hsm;
using Hawiya.Receipts;
using Hawiya.Server.Hosting;
using Hawiya.Server.Keys;
using Hawiya.Server.Oidc.Keys;

namespace Hawiya.Server.Citizens.Receipts;

/// <summary>The receipt signer and the published receipt JWKS.</summary>
public sealed class ReceiptKeys
{
    private const string Purpose = "receipt-signing";
    private const string DevelopmentKeyId = "dev-receipts-es256";

    private ReceiptKeys(ReceiptSigner signer, string jwks)
    {
        Signer = signer;
        Jwks = jwks;
    }

    public ReceiptSigner Signer { get; }

    /// <summary>The JWK Set served at <c>/receipts/jwks</c>.</summary>
    public string Jwks { get; }

    /// <summary>The purpose of the receipt keys in the HSM (<c>{namespace}/receipts/…</c>).</summary>
    public const string HsmPurpose = "receipts";

    public static ReceiptKeys Load(ReceiptSettings settings, IHostEnvironment environment, Func<SharedKeyTable> table, Func<PlatformKeys>? hsm = null, TimeProvider? time = null)
    {
        if (hsm is not null)
        {
            return FromHsm(settings, hsm(), (time ?? TimeProvider.System).GetUtcNow());
        }

        string pem;
        string keyId;
        if (!string.IsNullOrWhiteSpace(settings.SigningKey))
        {
            // SECURITY: outside Development the receipt key lives in the HSM, never in configuration.
            if (!environment.IsDevelopment())
            {
                throw new InvalidOperationException("Hawiya:Receipts:SigningKey holds a private key in configuration; outside Development the receipt key lives in the HSM (Hawiya:Hsm).");
            }

            (pem, keyId) = (settings.SigningKey, settings.KeyId);
        }
        else if (environment.IsDevelopment())
        {
            pem = table().GetOrAdd(Purpose, DevelopmentKeyId, () => ECDsa.Create(ECCurve.NamedCurves.nistP256).ExportPkcs8PrivateKeyPem());
            keyId = DevelopmentKeyId;
        }
        else
        {
            throw new InvalidOperationException("Hawiya:Hsm is not set; outside Development the receipt key lives in the HSM.");
        }

        var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(pem);
        }
        catch (Exception exception) when (exception is ArgumentException or CryptographicException)
        {
            throw new InvalidOperationException("Hawiya:Receipts:SigningKey must be a PKCS#8 PEM EC P-256 private key.", exception);
        }

        var signer = new ReceiptSigner(key, keyId);
        return new ReceiptKeys(signer, ReceiptJwks.Write([(keyId, signer.PublicKey), .. Retired(settings)]));
    }

    /// <summary>
    /// SECURITY: the receipt key is the token's (<see cref="HsmECDsa"/>): it signs with the newest key
    /// already active and publishes every receipt key in the token, since a receipt must stay
    /// verifiable for as long as anyone keeps it; a first start generates one.
    /// </summary>
    private static ReceiptKeys FromHsm(ReceiptSettings settings, PlatformKeys keys, DateTimeOffset now)
    {
        if (!string.IsNullOrWhiteSpace(settings.SigningKey))
        {
            throw new InvalidOperationException("Hawiya:Receipts:SigningKey and Hawiya:Hsm are both set; the receipt key comes from one place, the HSM.");
        }

        var all = keys.Load(HsmPurpose, ("receipts-es256", HsmKeyType.EcP256)).Where(k => k.Key.Type == HsmKeyType.EcP256).ToList();
        var active = all.LastOrDefault(k => k.Name.ActiveFrom <= now);
        if (active.Key is null)
        {
            throw new InvalidOperationException("No receipt key in the HSM is active yet.");
        }

        var signer = new ReceiptSigner(active.Key.AsECDsa(), active.Name.KeyId);
        return new ReceiptKeys(signer, ReceiptJwks.Write([.. all.Select(k => (k.Name.KeyId, k.Key.EcPublicKey!.Value)), .. Retired(settings)]));
    }

    private static IEnumerable<(string, ECParameters)> Retired(ReceiptSettings settings)
    {
        foreach (var retired in settings.RetiredKeys)
        {
            using var old = ECDsa.Create();
            old.ImportFromPem(retired.PublicKeyPem);
            yield return (retired.KeyId, old.ExportParameters(includePrivateParameters: false));
        }
    }
}
