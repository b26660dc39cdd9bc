using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using System.Text.Json.Serialization;
using Hawiya.Card.Profile;

namespace Hawiya.VirtualCard.CardFiles;

/// <summary>
/// The personalisation of one card, as the PKI tool writes it (camelCase JSON, byte fields in
/// base64). This project reads the format itself so that it does not depend on Hawiya.Pki.
/// </summary>
public sealed record VirtualCardFile
{
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public required string CardNumber { get; init; }

    public required string NationalNumber { get; init; }

    /// <summary>Issuer-signed identity data; opaque to the card, served by READ BINARY of EF.Identity.</summary>
    public required byte[] Identity { get; init; }

    /// <summary>DER card authentication certificate.</summary>
    public required byte[] Certificate { get; init; }

    /// <summary>PKCS#8 DER of the card's ECDSA P-256 private key.</summary>
    public required byte[] PrivateKey { get; init; }

    public required string Pin { get; init; }

    public required string Puk { get; init; }

    /// <summary>Enrolled fingerprint template; compared on-card, never read out.</summary>
    public required byte[] Fingerprint { get; init; }

    public byte[]? Photo { get; init; }

    public static VirtualCardFile Load(string path)
    {
        string json;
        try
        {
            json = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidDataException($"Cannot read the card file '{path}': {e.Message}", e);
        }

        return Parse(json);
    }

    /// <summary>Parses and validates a card file; every problem is reported by field name.</summary>
    public static VirtualCardFile Parse(string json)
    {
        VirtualCardFile? card;
        try
        {
            card = JsonSerializer.Deserialize<VirtualCardFile>(json, JsonOptions);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"The card file is not valid JSON of the expected shape: {e.Message}", e);
        }

        if (card is null)
        {
            throw new InvalidDataException("The card file is empty.");
        }

        card.Validate();
        return card;
    }

    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    public void Save(string path) => File.WriteAllText(path, ToJson());

    private void Validate()
    {
        Require(PinBlock.IsValidPin(Pin), "pin", $"{CnieProfile.MinPinLength} to {CnieProfile.MaxPinLength} digits");
        Require(PinBlock.IsValidPuk(Puk), "puk", $"{CnieProfile.PukLength} digits");
        RequireFile(Identity, "identity");
        RequireFile(Certificate, "certificate");
        if (Photo is not null)
        {
            RequireFile(Photo, "photo");
        }

        Require(Fingerprint is { Length: > 0 and <= CnieProfile.MaxTemplateLength }, "fingerprint",
            $"1 to {CnieProfile.MaxTemplateLength} bytes");

        using var key = ECDsa.Create();
        try
        {
            key.ImportPkcs8PrivateKey(PrivateKey, out _);
        }
        catch (CryptographicException e)
        {
            throw new InvalidDataException($"Card file field 'privateKey' is not a PKCS#8 ECDSA key: {e.Message}", e);
        }

        Require(key.KeySize == 256 && key.ExportParameters(false).Curve.Oid.Value == "1.2.840.10045.3.1.7",
            "privateKey", "an ECDSA P-256 key");

        X509Certificate2 certificate;
        try
        {
            certificate = X509CertificateLoader.LoadCertificate(Certificate);
        }
        catch (CryptographicException e)
        {
            throw new InvalidDataException($"Card file field 'certificate' is not a DER X.509 certificate: {e.Message}", e);
        }

        using (certificate)
        using (var publicKey = certificate.GetECDsaPublicKey())
        {
            // SECURITY: a card whose key does not match its certificate would sign nonces no verifier accepts.
            Require(publicKey is not null && publicKey.ExportSubjectPublicKeyInfo().AsSpan()
                    .SequenceEqual(key.ExportSubjectPublicKeyInfo()),
                "certificate", "a certificate for the public key of 'privateKey'");
        }
    }

    private static void RequireFile(byte[]? content, string field) =>
        Require(content is { Length: > 0 and <= CnieProfile.MaxFileSize }, field, $"1 to {CnieProfile.MaxFileSize} bytes");

    private static void Require(bool condition, string field, string expected)
    {
        if (!condition)
        {
            throw new InvalidDataException($"Card file field '{field}' must be {expected}.");
        }
    }
}
