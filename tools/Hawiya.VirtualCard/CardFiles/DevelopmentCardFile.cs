using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Hawiya.VirtualCard.CardFiles;

/// <summary>
/// Makes a card file without the PKI tool: a fresh P-256 key and a self-signed certificate.
/// For tests, demos and load tests only; no relying party should trust such a card.
/// </summary>
public static class DevelopmentCardFile
{
    public static VirtualCardFile Create(
        string holderName = "Test Holder",
        string pin = "1234",
        string puk = "12345678",
        int identityLength = 700,
        int fingerprintLength = 300,
        bool withPhoto = false)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(
            new X500DistinguishedName($"CN={holderName}, O=Hawiya development, C=MA"), key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        var now = DateTimeOffset.UtcNow;
        using var certificate = request.CreateSelfSigned(now.AddMinutes(-5), now.AddYears(1));
        return new VirtualCardFile
        {
            CardNumber = "DEV" + RandomNumberGenerator.GetHexString(8),
            NationalNumber = "DEV" + RandomNumberGenerator.GetHexString(8),
            Identity = RandomNumberGenerator.GetBytes(identityLength),
            Certificate = certificate.Export(X509ContentType.Cert),
            PrivateKey = key.ExportPkcs8PrivateKey(),
            Pin = pin,
            Puk = puk,
            Fingerprint = RandomNumberGenerator.GetBytes(fingerprintLength),
            Photo = withPhoto ? RandomNumberGenerator.GetBytes(2000) : null,
        };
    }
}
