using System.Security.Cryptography;
using Hawiya.Pki.Hierarchy;
using Hawiya.Pki.Keys;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.X509;

namespace Hawiya.Pki.Readers;

/// <summary>An edge reader's TLS client credential.</summary>
/// <param name="PrivateKeyPkcs8">DER PKCS#8, or null when the reader generated its own key and sent only the public key.</param>
/// <param name="ChainPem">The reader CA then the root, for the reader to present and for servers to trust.</param>
public sealed record ReaderCredential(X509Certificate Certificate, byte[]? PrivateKeyPkcs8, string ChainPem)
{
    public string CertificatePem => PemEncoding.WriteString("CERTIFICATE", Certificate.GetEncoded()) + "\n";

    public string? PrivateKeyPem => PrivateKeyPkcs8 is null ? null : PemEncoding.WriteString("PRIVATE KEY", PrivateKeyPkcs8) + "\n";
}

/// <summary>Issues certificates to edge readers and offline kits (client authentication, RFC 5280 §4.2.1.12).</summary>
public sealed class ReaderCredentialIssuer
{
    private readonly PkiAuthority _readerCa;
    private readonly PkiAuthority _root;
    private readonly TimeProvider _time;

    public ReaderCredentialIssuer(PkiHierarchy hierarchy, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(hierarchy);
        ArgumentNullException.ThrowIfNull(time);
        _readerCa = hierarchy.ReaderCa;
        _root = hierarchy.Root;
        _time = time;
    }

    /// <summary>Default lifetime: two years, short enough that a lost kit's credential dies on its own.</summary>
    public static TimeSpan DefaultValidity { get; } = TimeSpan.FromDays(730);

    /// <summary>Certifies a key the reader generated itself (preferred: the private key never travels).</summary>
    public ReaderCredential Issue(string readerName, ReadOnlySpan<byte> subjectPublicKeyInfo, TimeSpan? validity = null)
    {
        ValidateName(readerName);
        var spki = KeyConversions.ParseEcPublicKey(subjectPublicKeyInfo);
        var now = _time.GetUtcNow();
        var issuer = _readerCa.Subject;
        var subject = new X509Name(
            [X509Name.C, X509Name.O, X509Name.OU, X509Name.CN],
            [issuer.GetValueList(X509Name.C)[0], issuer.GetValueList(X509Name.O)[0], "Edge readers", readerName]);
        var profile = new CertificateProfile(
            subject,
            now - TimeSpan.FromMinutes(5),
            now + (validity ?? DefaultValidity),
            IsCa: false,
            KeyUsage.DigitalSignature,
            ExtendedKeyUsages: [KeyPurposeID.id_kp_clientAuth]);
        var certificate = CertificateIssuance.Issue(profile, spki, _readerCa);
        return new ReaderCredential(certificate, null, _readerCa.CertificatePem + _root.CertificatePem);
    }

    /// <summary>Generates the reader's P-256 key here and certifies it (for kits provisioned at a counter).</summary>
    public ReaderCredential IssueWithNewKey(string readerName, TimeSpan? validity = null)
    {
        using var key = KeyConversions.NewP256();
        var credential = Issue(readerName, key.ExportSubjectPublicKeyInfo(), validity);
        return credential with { PrivateKeyPkcs8 = key.ExportPkcs8PrivateKey() };
    }

    private static void ValidateName(string readerName)
    {
        ArgumentNullException.ThrowIfNull(readerName);
        if (readerName.Length is 0 or > 64 || !readerName.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
        {
            throw new ArgumentException("A reader name is 1 to 64 characters among A-Z, a-z, 0-9, '-', '_' and '.'.", nameof(readerName));
        }
    }
}
