using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.X509;

namespace Hawiya.Pki.Hierarchy;

/// <summary>Single-certificate predicates shared by loading, path validation and the OCSP responder.</summary>
internal static class CertificateChecks
{
    /// <summary>RFC 5280 §6.1.3 (a)(1) and (a)(4): the signature verifies with the issuer key and the names chain.</summary>
    public static bool IsIssuedBy(X509Certificate certificate, X509Certificate issuer)
    {
        if (!certificate.IssuerDN.Equivalent(issuer.SubjectDN, inOrder: true))
        {
            return false;
        }

        try
        {
            return certificate.IsSignatureValid(issuer.GetPublicKey());
        }
        catch (Exception ex) when (ex is Org.BouncyCastle.Security.InvalidKeyException or ArgumentException or InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>RFC 5280 §4.2.1.9: a CA certificate asserts cA in basicConstraints.</summary>
    public static bool IsCa(X509Certificate certificate) => certificate.GetBasicConstraints() >= 0;

    /// <summary>RFC 5280 §4.2.1.3: bit positions as in <see cref="KeyUsage"/> (digitalSignature = 0, keyCertSign = 5, cRLSign = 6).</summary>
    public static bool HasKeyUsage(X509Certificate certificate, int bit)
    {
        var usage = certificate.GetKeyUsage();
        return usage is not null && bit < usage.Length && usage[bit];
    }

    public static bool HasExtendedKeyUsage(X509Certificate certificate, DerObjectIdentifier purpose)
    {
        var usages = certificate.GetExtendedKeyUsage();
        return usages is not null && usages.Any(usage => usage.Equals(purpose));
    }

    public static bool IsValidAt(X509Certificate certificate, DateTimeOffset time)
    {
        var utc = time.UtcDateTime;
        return utc >= certificate.NotBefore.ToUniversalTime() && utc <= certificate.NotAfter.ToUniversalTime();
    }

    public const int DigitalSignature = 0;
    public const int KeyCertSign = 5;
    public const int CrlSign = 6;

    public static bool HasPolicy(X509Certificate certificate, DerObjectIdentifier policy)
    {
        var value = certificate.GetExtensionValue(X509Extensions.CertificatePolicies);
        if (value is null)
        {
            return false;
        }

        var policies = CertificatePolicies.GetInstance(Asn1Object.FromByteArray(value.GetOctets()));
        return policies.GetPolicyInformation().Any(info => info.PolicyIdentifier.Equals(policy));
    }
}
