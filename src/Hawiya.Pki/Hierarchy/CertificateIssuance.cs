using System.Security.Cryptography;
using Hawiya.Pki.Keys;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Ocsp;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.X509;
using Org.BouncyCastle.X509.Extension;
using BcBigInteger = Org.BouncyCastle.Math.BigInteger;

namespace Hawiya.Pki.Hierarchy;

/// <summary>Builds and signs X.509 v3 certificates following the RFC 5280 profile.</summary>
internal static class CertificateIssuance
{
    /// <summary>
    /// A fresh certificate serial number (RFC 5280 §4.1.2.2: positive, at most 20 octets).
    /// </summary>
    /// <remarks>
    /// SECURITY: 127 bits from the CSPRNG make serials unpredictable (the defence against chosen-prefix
    /// collisions that the CA/Browser Forum's 64-bit minimum is about) and unique without a counter
    /// that every issuing process would have to share.
    /// </remarks>
    public static BcBigInteger NewSerialNumber()
    {
        Span<byte> bytes = stackalloc byte[16];
        BcBigInteger serial;
        do
        {
            RandomNumberGenerator.Fill(bytes);
            bytes[0] &= 0x7F;
            serial = new BcBigInteger(1, bytes.ToArray());
        }
        while (serial.SignValue == 0);

        return serial;
    }

    /// <summary>Issues a certificate for <paramref name="subjectKey"/>, signed by <paramref name="issuer"/>.</summary>
    public static X509Certificate Issue(CertificateProfile profile, SubjectPublicKeyInfo subjectKey, PkiAuthority issuer)
    {
        // SECURITY: a certificate never outlives its issuer; relying parties would reject the tail anyway.
        var notAfter = profile.NotAfter > new DateTimeOffset(issuer.Certificate.NotAfter, TimeSpan.Zero)
            ? new DateTimeOffset(issuer.Certificate.NotAfter, TimeSpan.Zero)
            : profile.NotAfter;
        return Build(profile with { NotAfter = notAfter }, subjectKey, issuer.Subject, issuer.KeyIdentifier, issuer.Signer);
    }

    /// <summary>Issues a self-signed certificate (the root, RFC 5280 §6.1: the trust anchor).</summary>
    public static X509Certificate IssueSelfSigned(CertificateProfile profile, ECDsa key)
    {
        var spki = KeyConversions.SubjectPublicKeyInfo(key);
        var keyId = X509ExtensionUtilities.CreateSubjectKeyIdentifier(spki).GetKeyIdentifier();
        using var signer = new EcdsaSignatureFactory(key);
        return Build(profile, spki, profile.Subject, keyId, signer);
    }

    private static X509Certificate Build(
        CertificateProfile profile,
        SubjectPublicKeyInfo subjectKey,
        X509Name issuerName,
        byte[] issuerKeyId,
        EcdsaSignatureFactory signer)
    {
        if (profile.NotAfter <= profile.NotBefore)
        {
            throw new ArgumentException("The certificate would expire before it becomes valid.", nameof(profile));
        }

        var generator = new X509V3CertificateGenerator();
        generator.SetSerialNumber(NewSerialNumber());
        generator.SetIssuerDN(issuerName);
        generator.SetSubjectDN(profile.Subject);
        generator.SetNotBefore(PkiTime.ToUtcSeconds(profile.NotBefore));
        generator.SetNotAfter(PkiTime.ToUtcSeconds(profile.NotAfter));
        generator.SetSubjectPublicKeyInfo(subjectKey);

        // RFC 5280 §4.2.1.9: basicConstraints is critical in CA certificates; marking it critical in
        // end-entity certificates too stops a lenient verifier from treating them as CAs.
        generator.AddExtension(X509Extensions.BasicConstraints, true,
            profile.IsCa
                ? profile.PathLength is int length ? new BasicConstraints(length) : new BasicConstraints(true)
                : new BasicConstraints(false));
        // RFC 5280 §4.2.1.3: keyUsage SHOULD be critical.
        generator.AddExtension(X509Extensions.KeyUsage, true, new KeyUsage(profile.KeyUsage));
        // RFC 5280 §4.2.1.2 method 1 and §4.2.1.1: key identifiers let verifiers find the issuer key.
        generator.AddExtension(X509Extensions.SubjectKeyIdentifier, false,
            X509ExtensionUtilities.CreateSubjectKeyIdentifier(subjectKey));
        generator.AddExtension(X509Extensions.AuthorityKeyIdentifier, false, new AuthorityKeyIdentifier(issuerKeyId));

        if (profile.ExtendedKeyUsages is { Count: > 0 } ekus)
        {
            generator.AddExtension(X509Extensions.ExtendedKeyUsage, false,
                new ExtendedKeyUsage(ekus));
        }

        if (profile.Policies is { Count: > 0 } policies)
        {
            generator.AddExtension(X509Extensions.CertificatePolicies, false,
                new DerSequence(policies.Select(oid => new PolicyInformation(oid)).ToArray<Asn1Encodable>()));
        }

        if (profile.CrlDistributionPoint is { } crlUrl)
        {
            // RFC 5280 §4.2.1.13: where relying parties fetch the CRL covering this certificate.
            var name = new GeneralNames(new GeneralName(GeneralName.UniformResourceIdentifier, crlUrl));
            generator.AddExtension(X509Extensions.CrlDistributionPoints, false,
                new CrlDistPoint([new DistributionPoint(new DistributionPointName(name), null, null)]));
        }

        if (profile.OcspUrl is { } ocspUrl)
        {
            // RFC 5280 §4.2.2.1: id-ad-ocsp access method, the responder relying parties should ask.
            generator.AddExtension(X509Extensions.AuthorityInfoAccess, false,
                new AuthorityInformationAccess(new AccessDescription(AccessDescription.IdADOcsp,
                    new GeneralName(GeneralName.UniformResourceIdentifier, ocspUrl))));
        }

        if (profile.OcspNoCheck)
        {
            // RFC 6960 §4.2.2.2.1: clients need not check the revocation of the responder's own
            // certificate, which is why that certificate is kept short-lived.
            generator.AddExtension(OcspObjectIdentifiers.PkixOcspNocheck, false, DerNull.Instance);
        }

        return generator.Generate(signer);
    }
}
