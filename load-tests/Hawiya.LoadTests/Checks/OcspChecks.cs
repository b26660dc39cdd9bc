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

    // Delegated signers already checked against the card CA (by DER): relying parties cache the chain too.
    private readonly ConcurrentDictionary<string, bool> _verifiedSigners = new(StringComparer.Ordinal);

    // Exact responses whose signature was already verified (by SHA-256): the responder serves the
    // same pre-signed bytes for requests without a nonce, and checking one signature once keeps the
    // generator's CPU for the load. Status, CertID, freshness and nonce are still checked each time.
    private readonly ConcurrentDictionary<string, bool> _verifiedResponses = new(StringComparer.Ordinal);

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

        var digest = Convert.ToBase64String(SHA256.HashData(response));
        if (!_verifiedResponses.ContainsKey(digest))
        {
            CheckSignature(basic);
            if (_verifiedResponses.Count > 100_000)
            {
                _verifiedResponses.Clear();
            }

            _verifiedResponses.TryAdd(digest, true);
        }

        CheckNonce(basic, expected.Nonce);
        CheckSingle(basic, expected);
    }

    private void CheckSignature(BasicOcspResp basic)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var signer = SignerOf(basic);
        bool valid;
        try
        {
            valid = basic.Verify(signer.GetPublicKey());
        }
        catch (Exception e) when (e is OcspException or ArgumentException or InvalidCastException or IOException)
        {
            valid = false;
        }

        if (!valid)
        {
            throw LoadFailure.Wrong("OCSP response signature invalid");
        }

        if (signer.Equals(cardCa))
        {
            return;
        }

        var key = Convert.ToBase64String(signer.GetEncoded());
        if (!_verifiedSigners.ContainsKey(key))
        {
            // RFC 6960 §4.2.2.2: a delegated responder is issued directly by the CA and carries id-kp-OCSPSigning.
            if (!signer.IssuerDN.Equivalent(cardCa.SubjectDN) || !SignedBy(signer, cardCa))
            {
                throw LoadFailure.Wrong("OCSP signer not issued by the card CA");
            }

            if (signer.GetExtendedKeyUsage()?.Contains(KeyPurposeID.id_kp_OCSPSigning) != true)
            {
                throw LoadFailure.Wrong("OCSP signer lacks id-kp-OCSPSigning");
            }

            _verifiedSigners.TryAdd(key, true);
        }

        if (now < signer.NotBefore.ToUniversalTime() - Skew || now > signer.NotAfter.ToUniversalTime() + Skew)
        {
            throw LoadFailure.Wrong("OCSP signer certificate not valid now");
        }
    }

    private X509Certificate SignerOf(BasicOcspResp basic)
    {
        var responderId = basic.ResponderId;
        foreach (var candidate in basic.GetCerts().Append(cardCa))
        {
            // RFC 6960 §4.2.2.3: byKey is the SHA-1 of the key bits, byName the subject.
            if (responderId.Equals(new RespID(candidate.GetPublicKey())) || responderId.Equals(new RespID(candidate.SubjectDN)))
            {
                return candidate;
            }
        }

        throw LoadFailure.Wrong("OCSP response names a responder whose certificate it does not carry");
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

    private static void CheckNonce(BasicOcspResp basic, byte[]? sent)
    {
        if (sent is null)
        {
            return;
        }

        var value = basic.GetExtensionValue(OcspObjectIdentifiers.PkixOcspNonce);
        if (value is null)
        {
            throw LoadFailure.Wrong("OCSP nonce not echoed");
        }

        byte[] echoed;
        try
        {
            echoed = Asn1OctetString.GetInstance(Asn1Object.FromByteArray(value.GetOctets())).GetOctets();
        }
        catch (Exception e) when (e is IOException or ArgumentException or InvalidCastException)
        {
            echoed = value.GetOctets();
        }

        if (!Arrays(echoed, sent))
        {
            throw LoadFailure.Wrong("OCSP nonce echo differs");
        }
    }

    private void CheckSingle(BasicOcspResp basic, OcspExpectation expected)
    {
        var responses = basic.Responses;
        if (responses.Length != 1)
        {
            throw LoadFailure.Wrong("OCSP response does not hold exactly one answer");
        }

        var single = responses[0];
        if (!single.GetCertID().Equals(expected.CertId))
        {
            throw LoadFailure.Wrong("OCSP answer is about another certificate");
        }

        // RFC 6960 §3.2: thisUpdate not in the future, nextUpdate (when present) not in the past.
        var now = time.GetUtcNow().UtcDateTime;
        if (single.ThisUpdate.ToUniversalTime() > now + Skew || single.NextUpdate is { } next && next.ToUniversalTime() < now - Skew)
        {
            throw LoadFailure.Wrong("OCSP answer is not current");
        }

        switch (single.GetCertStatus())
        {
            case null when !expected.Revoked:
                return;
            case null:
                throw LoadFailure.Wrong("revoked certificate answered good");
            case RevokedStatus when !expected.Revoked:
                throw LoadFailure.Wrong("good certificate answered revoked");
            case RevokedStatus revoked:
                int? reason = revoked.HasRevocationReason ? revoked.RevocationReason : null;
                if (reason != expected.Reason)
                {
                    throw LoadFailure.Wrong("revoked certificate answered with another reason");
                }

                return;
            case UnknownStatus:
                throw LoadFailure.Wrong("registered certificate answered unknown");
            default:
                throw LoadFailure.Wrong("OCSP answer has an unrecognised status");
        }
    }

    private static bool Arrays(byte[] a, byte[] b) => a.AsSpan().SequenceEqual(b);
}
