using System.Security.Cryptography;
using Hawiya.Receipts;
using Hawiya.Server.Hosting;
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

    public static ReceiptKeys Load(ReceiptSettings settings, IHostEnvironment environment, Func<SharedKeyTable> table)
    {
        string pem;
        string keyId;
        if (!string.IsNullOrWhiteSpace(settings.SigningKey))
        {
            // SECURITY: a key committed as a development default never signs receipts in production.
            if (!environment.IsDevelopment() && DevelopmentSecrets.IsMarked(settings.SigningKey))
            {
                throw new InvalidOperationException("Hawiya:Receipts:SigningKey is a development default; set a real key outside Development.");
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
            throw new InvalidOperationException("Hawiya:Receipts:SigningKey is not set; generated receipt keys are for Development only.");
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
        var published = new List<(string, ECParameters)> { (keyId, signer.PublicKey) };
        foreach (var retired in settings.RetiredKeys)
        {
            using var old = ECDsa.Create();
            old.ImportFromPem(retired.PublicKeyPem);
            published.Add((retired.KeyId, old.ExportParameters(includePrivateParameters: false)));
        }

        return new ReceiptKeys(signer, ReceiptJwks.Write(published));
    }
}
