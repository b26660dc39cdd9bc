using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Hawiya.Receipts;

/// <summary>Signs receipts as compact JWS (RFC 7515) with ES256 under the receipt key, not the OIDC keys.</summary>
public sealed class ReceiptSigner
{
    private readonly ECDsa _key;

    public ReceiptSigner(ECDsa key, string keyId)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentException.ThrowIfNullOrEmpty(keyId);
        if (key.KeySize != 256)
        {
            throw new ArgumentException("The receipt key must be an EC P-256 key (ES256).", nameof(key));
        }

        _key = key;
        KeyId = keyId;
        Header = Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, string>
        {
            ["alg"] = ReceiptNames.Algorithm,
            ["kid"] = keyId,
            ["typ"] = ReceiptNames.Type,
        }));
    }

    public string KeyId { get; }

    private string Header { get; }

    /// <summary>The public key, for the receipt JWKS.</summary>
    public ECParameters PublicKey => _key.ExportParameters(includePrivateParameters: false);

    public string Sign(Receipt receipt)
    {
        var signingInput = Header + "." + Base64Url.EncodeToString(ReceiptPayload.Write(receipt));
        var signature = _key.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        return signingInput + "." + Base64Url.EncodeToString(signature);
    }
}
