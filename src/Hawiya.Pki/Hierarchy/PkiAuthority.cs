using System.Security.Cryptography;
using Hawiya.Pki.Keys;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.X509;
using Org.BouncyCastle.X509.Extension;

namespace Hawiya.Pki.Hierarchy;

/// <summary>One certificate of the hierarchy together with its private key.</summary>
public sealed class PkiAuthority : IDisposable
{
    internal PkiAuthority(PkiRole role, X509Certificate certificate, ECDsa key)
    {
        if (!KeyConversions.Matches(key, certificate))
        {
            throw new PkiConfigurationException($"The {role} private key does not match its certificate.");
        }

        Role = role;
        Certificate = certificate;
        Key = key;
        Signer = new EcdsaSignatureFactory(key);
        CertificateDer = certificate.GetEncoded();
        var ski = X509ExtensionUtilities.GetSubjectKeyIdentifier(certificate);
        KeyIdentifier = ski?.GetKeyIdentifier()
            ?? X509ExtensionUtilities.CreateSubjectKeyIdentifier(certificate.CertificateStructure.SubjectPublicKeyInfo).GetKeyIdentifier();
    }

    public PkiRole Role { get; }

    public X509Certificate Certificate { get; }

    public byte[] CertificateDer { get; }

    /// <summary>The Subject Key Identifier (RFC 5280 §4.2.1.2), reused as the AKI of what this key signs.</summary>
    public byte[] KeyIdentifier { get; }

    public X509Name Subject => Certificate.SubjectDN;

    internal ECDsa Key { get; }

    internal EcdsaSignatureFactory Signer { get; }

    /// <summary>The certificate as PEM text.</summary>
    // PemEncoding writes no final newline; one is added so that PEM texts concatenate into valid bundles.
    public string CertificatePem => PemEncoding.WriteString("CERTIFICATE", CertificateDer) + "\n";

    public void Dispose()
    {
        Signer.Dispose();
        Key.Dispose();
    }
}
