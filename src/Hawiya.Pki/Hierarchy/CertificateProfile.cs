using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;

namespace Hawiya.Pki.Hierarchy;

/// <summary>What goes into one certificate: the subject, its validity and its extensions.</summary>
/// <param name="KeyUsage">A combination of <see cref="Org.BouncyCastle.Asn1.X509.KeyUsage"/> bits.</param>
/// <param name="PathLength">For a CA, the pathLenConstraint (RFC 5280 §4.2.1.9); null means unlimited.</param>
internal sealed record CertificateProfile(
    X509Name Subject,
    DateTimeOffset NotBefore,
    DateTimeOffset NotAfter,
    bool IsCa,
    int KeyUsage,
    int? PathLength = null,
    IReadOnlyList<DerObjectIdentifier>? ExtendedKeyUsages = null,
    IReadOnlyList<DerObjectIdentifier>? Policies = null,
    string? CrlDistributionPoint = null,
    string? OcspUrl = null,
    bool OcspNoCheck = false);
