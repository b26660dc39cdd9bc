using System.Collections.Concurrent;
using System.Security.Cryptography;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Ocsp;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Ocsp;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.Security.Certificates;
using Org.BouncyCastle.X509;

namespace Hawiya.LoadTests.Checks;

/// <summary>What a correct OCSP answer about one certificate says: good, or revoked with a reason (RFC 5280 §5.3.1 code).</summary>
public sealed record OcspExpectation(CertificateID CertId, bool Revoked, int? Reason, byte[]? Nonce);

/// <summary>
/// The client side of OCSP (RFC 6960), as a relying party runs it: builds requests for
/// certificates of the card CA and checks every answer. A response that is unsigned where it
/// must be signed, signed by a key that does not chain to the card CA, about another
/// certificate, stale, without the nonce it was sent, or with a status other than the expected
/// one is a wrong answer. tryLater and internalError are refusals, not wrong answers.
/// </summary>
public sealed class OcspChecks(X509Certificate cardCa, TimeProvider time)
{
    /// <summary>Clock difference tolerated between this client and the responder.</summary>
    private static readonly TimeSpan Skew = TimeSpan.FromMinutes(5);

    // Signer certificates seen in answers (by DER), with what was learned of them: relying parties cache the chain too.
    private readonly ConcurrentDictionary<byte[], Signer> _signers = new(ByteContentComparer.Instance);

    // Answers whose signature and delegation were already verified, by their exact bytes: the
    // responder serves the same pre-signed bytes for requests without a nonce. Identical bytes say
    // the same thing, so what was read from them is kept and only the checks that depend on the
    // expectation and the clock (certificate, status, freshness, nonce) run again for each answer.
    private readonly ConcurrentDictionary<byte[], Answer> _verifiedAnswers = new(ByteContentComparer.Instance);

    public X509Certificate CardCa => cardCa;

    /// <summary>A SHA-1 CertID (what most clients send, RFC 5019 §2.1.1) for a certificate of the card CA.</summary>
    public CertificateID CertId(BigInteger serial) => new(CertificateID.DigestSha1, cardCa, serial);

    /// <summary>A DER OCSPRequest for one certificate, with a nonce extension (RFC 8954) when given.</summary>
    public static byte[] BuildRequest(CertificateID certId, byte[]? nonce)
    {
        var generator = new OcspReqGenerator();
        generator.AddRequest(certId);
        if (nonce is not null)
        {
            var extensions = new X509ExtensionsGenerator();
            extensions.AddExtension(OcspObjectIdentifiers.PkixOcspNonce, false, new DerOctetString(nonce));
            generator.SetRequestExtensions(extensions.Generate());
        }

        return generator.Generate().GetEncoded();
    }

    /// <summary>Checks one DER OCSPResponse; throws <see cref="LoadFailure"/> on anything but the expected answer.</summary>
    public void Check(byte[] response, OcspExpectation expected)
    {
        if (!_verifiedAnswers.TryGetValue(response, out var answer))
        {
            answer = Read(response);
            if (_verifiedAnswers.Count > 100_000)
            {
                _verifiedAnswers.Clear();
            }

            _verifiedAnswers.TryAdd(response, answer);
        }

        CheckSigner(answer.Signer);
        CheckNonce(answer.Nonce, expected.Nonce);
        CheckSingle(answer, expected);
    }

    /// <summary>Parses a response and verifies its signature and the signer's delegation; the rest is checked per expectation.</summary>
    private Answer Read(byte[] response)
    {
        OcspResp parsed;
        try
        {
            parsed = new OcspResp(response);
        }
        catch (Exception e) when (e is IOException or ArgumentException or InvalidCastException or InvalidOperationException)
        {
            throw LoadFailure.Wrong("OCSP response is not DER OCSPResponse");
        }

        switch (parsed.Status)
        {
            case OcspRespStatus.Successful:
                break;
            // RFC 6960 §2.3: the responder is busy or broken, not wrong.
            case OcspRespStatus.TryLater:
                throw new LoadFailure("ocsp tryLater", wrongAnswer: false);
            case OcspRespStatus.InternalError:
                throw new LoadFailure("ocsp internalError", wrongAnswer: false);
            default:
                // malformedRequest, sigRequired or unauthorized for a well-formed request about one of its CA's certificates.
                throw LoadFailure.Wrong("OCSP response status " + parsed.Status);
        }

        if (parsed.GetResponseObject() is not BasicOcspResp basic)
        {
            throw LoadFailure.Wrong("OCSP response is not id-pkix-ocsp-basic");
        }

        var signer = SignerOf(basic);
        if (!signer.Verifies(basic))
        {
            throw LoadFailure.Wrong("OCSP response signature invalid");
        }

        var responses = basic.Responses;
        if (responses.Length != 1)
        {
            throw LoadFailure.Wrong("OCSP response does not hold exactly one answer");
        }

        var single = responses[0];
        var (status, reason) = single.GetCertStatus() switch
        {
            null => (AnswerStatus.Good, (int?)null),
            RevokedStatus revoked => (AnswerStatus.Revoked, revoked.HasRevocationReason ? revoked.RevocationReason : (int?)null),
            UnknownStatus => (AnswerStatus.Unknown, null),
            _ => (AnswerStatus.Unrecognised, null),
        };
        return new Answer(signer, single.GetCertID(), status, reason, single.ThisUpdate.ToUniversalTime(), single.NextUpdate?.ToUniversalTime(), ReadNonce(basic));
    }

    private Signer SignerOf(BasicOcspResp basic)
    {
        var responderId = basic.ResponderId;
        foreach (var candidate in basic.GetCerts().Append(cardCa))
        {
            var signer = _signers.GetOrAdd(candidate.GetEncoded(), static (_, certificate) => new Signer(certificate), candidate);
            // RFC 6960 §4.2.2.3: byKey is the SHA-1 of the key bits, byName the subject.
            if (responderId.Equals(signer.ByKey) || responderId.Equals(signer.ByName))
            {
                return signer;
            }
        }

        throw LoadFailure.Wrong("OCSP response names a responder whose certificate it does not carry");
    }

    private void CheckSigner(Signer signer)
    {
        if (signer.Certificate.Equals(cardCa))
        {
            return;
        }

        if (!signer.DelegationChecked)
        {
            // RFC 6960 §4.2.2.2: a delegated responder is issued directly by the CA and carries id-kp-OCSPSigning.
            if (!signer.Certificate.IssuerDN.Equivalent(cardCa.SubjectDN) || !SignedBy(signer.Certificate, cardCa))
            {
                throw LoadFailure.Wrong("OCSP signer not issued by the card CA");
            }

            if (signer.Certificate.GetExtendedKeyUsage()?.Contains(KeyPurposeID.id_kp_OCSPSigning) != true)
            {
                throw LoadFailure.Wrong("OCSP signer lacks id-kp-OCSPSigning");
            }

            signer.DelegationChecked = true;
        }

        var now = time.GetUtcNow().UtcDateTime;
        if (now < signer.NotBefore - Skew || now > signer.NotAfter + Skew)
        {
            throw LoadFailure.Wrong("OCSP signer certificate not valid now");
        }
    }

    private static bool SignedBy(X509Certificate certificate, X509Certificate issuer)
    {
        try
        {
            certificate.Verify(issuer.GetPublicKey());
            return true;
        }
        catch (Exception e) when (e is InvalidKeyException or SignatureException or CertificateException)
        {
            return false;
        }
    }

    private static byte[]? ReadNonce(BasicOcspResp basic)
    {
        var value = basic.GetExtensionValue(OcspObjectIdentifiers.PkixOcspNonce);
        if (value is null)
        {
            return null;
        }

        try
        {
            return Asn1OctetString.GetInstance(Asn1Object.FromByteArray(value.GetOctets())).GetOctets();
        }
        catch (Exception e) when (e is IOException or ArgumentException or InvalidCastException)
        {
            return value.GetOctets();
        }
    }

    private static void CheckNonce(byte[]? echoed, byte[]? sent)
    {
        if (sent is null)
        {
            return;
        }

        if (echoed is null)
        {
            throw LoadFailure.Wrong("OCSP nonce not echoed");
        }

        if (!Arrays(echoed, sent))
        {
            throw LoadFailure.Wrong("OCSP nonce echo differs");
        }
    }

    private void CheckSingle(Answer answer, OcspExpectation expected)
    {
        if (!answer.CertId.Equals(expected.CertId))
        {
            throw LoadFailure.Wrong("OCSP answer is about another certificate");
        }

        // RFC 6960 §3.2: thisUpdate not in the future, nextUpdate (when present) not in the past.
        var now = time.GetUtcNow().UtcDateTime;
        if (answer.ThisUpdate > now + Skew || answer.NextUpdate is { } next && next < now - Skew)
        {
            throw LoadFailure.Wrong("OCSP answer is not current");
        }

        switch (answer.Status)
        {
            case AnswerStatus.Good when !expected.Revoked:
                return;
            case AnswerStatus.Good:
                throw LoadFailure.Wrong("revoked certificate answered good");
            case AnswerStatus.Revoked when !expected.Revoked:
                throw LoadFailure.Wrong("good certificate answered revoked");
            case AnswerStatus.Revoked:
                if (answer.Reason != expected.Reason)
                {
                    throw LoadFailure.Wrong("revoked certificate answered with another reason");
                }

                return;
            case AnswerStatus.Unknown:
                throw LoadFailure.Wrong("registered certificate answered unknown");
            default:
                throw LoadFailure.Wrong("OCSP answer has an unrecognised status");
        }
    }

    private static bool Arrays(byte[] a, byte[] b) => a.AsSpan().SequenceEqual(b);

    private enum AnswerStatus
    {
        Good,
        Revoked,
        Unknown,
        Unrecognised,
    }

    /// <summary>What a signed, verified answer says, read once from its bytes.</summary>
    private sealed record Answer(Signer Signer, CertificateID CertId, AnswerStatus Status, int? Reason, DateTime ThisUpdate, DateTime? NextUpdate, byte[]? Nonce);

    /// <summary>A certificate that may have signed answers: its responder ids and its key, ready to verify with.</summary>
    private sealed class Signer
    {
        // ecdsa-with-SHA256/384/512 (RFC 5758 §3.2): verified by the platform's crypto, which is much
        // cheaper than the managed implementation; other algorithms go through BouncyCastle.
        private static readonly Dictionary<string, HashAlgorithmName> EcdsaAlgorithms = new(StringComparer.Ordinal)
        {
            ["1.2.840.10045.4.3.2"] = HashAlgorithmName.SHA256,
            ["1.2.840.10045.4.3.3"] = HashAlgorithmName.SHA384,
            ["1.2.840.10045.4.3.4"] = HashAlgorithmName.SHA512,
        };

        private readonly byte[] _subjectPublicKeyInfo;
        private readonly ThreadLocal<ECDsa?> _ecdsa;

        public Signer(X509Certificate certificate)
        {
            Certificate = certificate;
            ByKey = new RespID(certificate.GetPublicKey());
            ByName = new RespID(certificate.SubjectDN);
            NotBefore = certificate.NotBefore.ToUniversalTime();
            NotAfter = certificate.NotAfter.ToUniversalTime();
            _subjectPublicKeyInfo = certificate.CertificateStructure.SubjectPublicKeyInfo.GetDerEncoded();
            _ecdsa = new ThreadLocal<ECDsa?>(CreateEcdsa);
        }

        public X509Certificate Certificate { get; }

        public RespID ByKey { get; }

        public RespID ByName { get; }

        public DateTime NotBefore { get; }

        public DateTime NotAfter { get; }

        /// <summary>Issued by the card CA with id-kp-OCSPSigning, checked once.</summary>
        public bool DelegationChecked { get; set; }

        public bool Verifies(BasicOcspResp basic)
        {
            try
            {
                return EcdsaAlgorithms.TryGetValue(basic.SignatureAlgorithm.Algorithm.Id, out var hash) && _ecdsa.Value is { } ecdsa
                    ? ecdsa.VerifyData(basic.GetTbsResponseData(), basic.GetSignature(), hash, DSASignatureFormat.Rfc3279DerSequence)
                    : basic.Verify(Certificate.GetPublicKey());
            }
            catch (Exception e) when (e is OcspException or ArgumentException or InvalidCastException or IOException or CryptographicException)
            {
                return false;
            }
        }

        private ECDsa? CreateEcdsa()
        {
            var ecdsa = ECDsa.Create();
            try
            {
                ecdsa.ImportSubjectPublicKeyInfo(_subjectPublicKeyInfo, out _);
                return ecdsa;
            }
            catch (CryptographicException)
            {
                // Not an EC key: BouncyCastle verifies it, and refuses a mismatch.
                ecdsa.Dispose();
                return null;
            }
        }
    }

    /// <summary>Byte arrays compared by content.</summary>
    private sealed class ByteContentComparer : IEqualityComparer<byte[]>
    {
        public static readonly ByteContentComparer Instance = new();

        public bool Equals(byte[]? x, byte[]? y) => ReferenceEquals(x, y) || (x is not null && y is not null && x.AsSpan().SequenceEqual(y));

        public int GetHashCode(byte[] obj)
        {
            var hash = new HashCode();
            hash.AddBytes(obj);
            return hash.ToHashCode();
        }
    }
}
