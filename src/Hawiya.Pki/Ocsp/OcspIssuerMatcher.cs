using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Nist;
using Org.BouncyCastle.Asn1.Ocsp;
using Org.BouncyCastle.Asn1.Oiw;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.X509;

namespace Hawiya.Pki.Ocsp;

/// <summary>
/// Recognises CertIDs (RFC 6960 §4.1.1) naming the issuer this responder serves, for each hash
/// algorithm clients use: issuerNameHash is the hash of the issuer's DER name, issuerKeyHash the
/// hash of its public key bits. Both are computed once, so matching costs two byte comparisons.
/// </summary>
internal sealed class OcspIssuerMatcher
{
    // SHA-1 is what most clients (OpenSSL included) send by default; RFC 6960 §4.3 requires it.
    private static readonly DerObjectIdentifier[] Algorithms =
    [
        OiwObjectIdentifiers.IdSha1,
        NistObjectIdentifiers.IdSha256,
        NistObjectIdentifiers.IdSha384,
        NistObjectIdentifiers.IdSha512,
    ];

    private readonly (byte[] NameHash, byte[] KeyHash)[] _hashes;

    public OcspIssuerMatcher(X509Certificate issuer)
    {
        var name = issuer.CertificateStructure.Subject.GetEncoded(Asn1Encodable.Der);
        var key = issuer.CertificateStructure.SubjectPublicKeyInfo.PublicKey.GetOctets();
        _hashes = Algorithms
            .Select(algorithm => (DigestUtilities.CalculateDigest(algorithm, name), DigestUtilities.CalculateDigest(algorithm, key)))
            .ToArray();
    }

    /// <summary>Number of distinct <see cref="Variant"/> values: each algorithm, with parameters absent or NULL.</summary>
    public static int VariantCount => Algorithms.Length * 2;

    /// <summary>
    /// A small number identifying how the CertID is hashed and encoded, or -1 when it names another
    /// issuer or an unsupported algorithm. Answers are cached per variant, because the response
    /// must echo the CertID exactly as the client encoded it.
    /// </summary>
    public int Variant(CertID certId)
    {
        var algorithm = certId.HashAlgorithm;
        var index = Array.FindIndex(Algorithms, oid => oid.Equals(algorithm.Algorithm));
        if (index < 0)
        {
            return -1;
        }

        var parameters = algorithm.Parameters;
        if (parameters is not null && parameters is not DerNull)
        {
            return -1;
        }

        var (nameHash, keyHash) = _hashes[index];
        return certId.IssuerNameHash.GetOctets().AsSpan().SequenceEqual(nameHash)
            && certId.IssuerKeyHash.GetOctets().AsSpan().SequenceEqual(keyHash)
                ? (index * 2) + (parameters is null ? 0 : 1)
                : -1;
    }
}
