using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.X509;

namespace Hawiya.Pki.Hierarchy;

/// <summary>A certificate did not validate to the trust anchor.</summary>
public sealed class CertificateValidationException(string message) : Exception(message);

/// <summary>
/// Certification path validation (RFC 5280 §6.1) for the Hawiya profile: signatures, names,
/// validity, basicConstraints with pathLenConstraint, keyCertSign and unknown critical extensions.
/// Policy processing and name constraints are not used by the profile, so they are not evaluated.
/// Revocation is the caller's business (CRL or OCSP, see <c>Crl/</c> and <c>Ocsp/</c>).
/// </summary>
public sealed class CertificateChainValidator
{
    private const int MaxDepth = 5;

    // RFC 5280 §4.2: a critical extension that is not understood makes the certificate invalid.
    private static readonly HashSet<string> UnderstoodCriticalExtensions =
    [
        X509Extensions.BasicConstraints.Id,
        X509Extensions.KeyUsage.Id,
        X509Extensions.ExtendedKeyUsage.Id,
    ];

    private readonly X509Certificate _trustAnchor;
    private readonly TimeProvider _time;

    public CertificateChainValidator(X509Certificate trustAnchor, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(trustAnchor);
        ArgumentNullException.ThrowIfNull(time);
        _trustAnchor = trustAnchor;
        _time = time;
    }

    /// <summary>Validates <paramref name="leaf"/> up to the trust anchor and returns the path, leaf first, anchor last.</summary>
    /// <param name="intermediates">Candidate CA certificates; only those that chain are used.</param>
    /// <param name="requiredExtendedKeyUsage">When set, the leaf must carry this purpose (RFC 5280 §4.2.1.12).</param>
    /// <exception cref="CertificateValidationException">The path is broken, expired, or violates a constraint.</exception>
    public IReadOnlyList<X509Certificate> Validate(
        X509Certificate leaf,
        IEnumerable<X509Certificate>? intermediates = null,
        DerObjectIdentifier? requiredExtendedKeyUsage = null)
    {
        ArgumentNullException.ThrowIfNull(leaf);
        var now = _time.GetUtcNow();
        var candidates = intermediates?.ToList() ?? [];
        var path = new List<X509Certificate> { leaf };

        var current = leaf;
        while (!CertificateChecks.IsIssuedBy(current, _trustAnchor))
        {
            var issuer = candidates.FirstOrDefault(c => !path.Contains(c) && CertificateChecks.IsIssuedBy(current, c))
                ?? throw new CertificateValidationException($"No issuer found for '{current.SubjectDN}': it does not chain to the trust anchor.");
            path.Add(issuer);
            if (path.Count > MaxDepth)
            {
                throw new CertificateValidationException("The certification path is too long.");
            }

            current = issuer;
        }

        path.Add(_trustAnchor);

        for (var i = 0; i < path.Count; i++)
        {
            var certificate = path[i];
            if (!CertificateChecks.IsValidAt(certificate, now))
            {
                throw new CertificateValidationException($"'{certificate.SubjectDN}' is not valid at {now:u} (valid {certificate.NotBefore:u} to {certificate.NotAfter:u}).");
            }

            var unknown = certificate.GetCriticalExtensionOids()?.FirstOrDefault(oid => !UnderstoodCriticalExtensions.Contains(oid));
            if (unknown is not null)
            {
                throw new CertificateValidationException($"'{certificate.SubjectDN}' has an unrecognised critical extension {unknown}.");
            }

            if (i == 0)
            {
                continue;
            }

            // RFC 5280 §6.1.4 (k), (l), (n): every issuer is a CA allowed to sign certificates, and
            // pathLenConstraint bounds the number of intermediate CAs below it.
            if (!CertificateChecks.IsCa(certificate) || !CertificateChecks.HasKeyUsage(certificate, CertificateChecks.KeyCertSign))
            {
                throw new CertificateValidationException($"'{certificate.SubjectDN}' is not a CA allowed to issue certificates.");
            }

            var intermediatesBelow = i - 1;
            var pathLength = certificate.GetBasicConstraints();
            if (pathLength != int.MaxValue && intermediatesBelow > pathLength)
            {
                throw new CertificateValidationException($"'{certificate.SubjectDN}' path length constraint {pathLength} is exceeded.");
            }
        }

        if (requiredExtendedKeyUsage is not null && !CertificateChecks.HasExtendedKeyUsage(leaf, requiredExtendedKeyUsage))
        {
            throw new CertificateValidationException($"'{leaf.SubjectDN}' lacks the extended key usage {requiredExtendedKeyUsage.Id}.");
        }

        return path;
    }
}
