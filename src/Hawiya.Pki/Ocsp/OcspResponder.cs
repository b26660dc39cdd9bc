using System.Globalization;
using System.Numerics;
using Hawiya.Pki.Hierarchy;
using Hawiya.Pki.Keys;
using Hawiya.Pki.Revocation;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Ocsp;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.X509;

namespace Hawiya.Pki.Ocsp;

/// <summary>Looks up the status of a certificate of the responder's issuer, by serial number.</summary>
public delegate ValueTask<CertificateStatus> CertificateStatusLookup(BigInteger serialNumber, CancellationToken cancellationToken);

/// <summary>
/// An OCSP responder (RFC 6960) for the certificates of one CA, signing as a delegated responder.
/// </summary>
/// <remarks>
/// Requests without a nonce and for one certificate are answered from pre-signed responses that are
/// replaced when <see cref="Invalidate"/> reports a status change or when they age past
/// <see cref="OcspResponderOptions.CacheRefreshAfter"/>. Requests with a nonce get a fresh signature
/// over cached single responses. Thread-safe.
/// </remarks>
public sealed class OcspResponder
{
    private static readonly byte[] MalformedRequest = ErrorResponse(OcspResponseStatusCode.MalformedRequest);
    private static readonly byte[] Unauthorized = ErrorResponse(OcspResponseStatusCode.Unauthorized);

    private readonly PkiAuthority _signer;
    private readonly CertificateStatusLookup _lookup;
    private readonly TimeProvider _time;
    private readonly OcspResponderOptions _options;
    private readonly OcspIssuerMatcher _issuer;
    private readonly OcspResponseCache _cache;
    private readonly ResponderID _responderId;
    private readonly DerSequence _certificates;

    /// <param name="issuer">The CA whose certificates this responder answers for.</param>
    /// <param name="signer">The delegated responder: issued by <paramref name="issuer"/> with id-kp-OCSPSigning.</param>
    public OcspResponder(X509Certificate issuer, PkiAuthority signer, CertificateStatusLookup lookup, TimeProvider time, OcspResponderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(issuer);
        ArgumentNullException.ThrowIfNull(signer);
        ArgumentNullException.ThrowIfNull(lookup);
        ArgumentNullException.ThrowIfNull(time);
        // SECURITY: RFC 6960 §4.2.2.2: clients accept a delegated signature only from a certificate
        // issued directly by the CA in question and carrying id-kp-OCSPSigning. Checked here so a
        // misconfigured signer fails at start-up instead of producing answers every client rejects.
        var isCaItself = signer.Certificate.Equals(issuer);
        if (!isCaItself && !(CertificateChecks.IsIssuedBy(signer.Certificate, issuer)
            && CertificateChecks.HasExtendedKeyUsage(signer.Certificate, KeyPurposeID.id_kp_OCSPSigning)))
        {
            throw new ArgumentException("The OCSP signer must be issued by the CA it answers for and carry id-kp-OCSPSigning.", nameof(signer));
        }

        _options = options ?? new OcspResponderOptions();
        _options.Validate();
        _signer = signer;
        _lookup = lookup;
        _time = time;
        _issuer = new OcspIssuerMatcher(issuer);
        _cache = new OcspResponseCache(_options.MaxCachedCertificates, OcspIssuerMatcher.VariantCount);
        // RFC 6960 §4.2.2.3: ResponderID byKey is the SHA-1 of the responder's public key bits.
        var keyBits = signer.Certificate.CertificateStructure.SubjectPublicKeyInfo.PublicKey.GetOctets();
        _responderId = new ResponderID(new DerOctetString(DigestUtilities.CalculateDigest("SHA-1", keyBits)));
        // RFC 6960 §4.2.1: the signer's certificate travels in `certs` so clients can check the delegation.
        _certificates = new DerSequence(signer.Certificate.CertificateStructure);
    }

    /// <summary>Number of certificates with cached answers.</summary>
    public int CachedCertificates => _cache.Count;

    /// <summary>
    /// Reports that the status of <paramref name="serialNumber"/> changed. Call it after the status
    /// lookup returns the new status; cached answers about that certificate are not served again.
    /// </summary>
    public void Invalidate(BigInteger serialNumber) => _cache.Invalidate(KeyConversions.ToBouncyCastle(serialNumber));

    /// <summary>Forgets every cached answer (for example after the signer certificate was renewed).</summary>
    public void InvalidateAll() => _cache.Clear();

    /// <summary>Answers a DER OCSPRequest (RFC 6960 §4.1). Malformed input yields a malformedRequest response, not an exception.</summary>
    /// <remarks>Exceptions from the status lookup propagate; the host answers them with <see cref="ErrorResponse"/>(InternalError or TryLater).</remarks>
    public ValueTask<OcspResult> RespondAsync(ReadOnlyMemory<byte> request, CancellationToken cancellationToken = default) =>
        // The same bytes as an earlier request answered pre-signed: the same answer, without parsing.
        _cache.FindPreSigned(request.Span, _time.GetUtcNow()) is { } known
            ? ValueTask.FromResult(known)
            : RespondParsedAsync(request, cancellationToken);

    private async ValueTask<OcspResult> RespondParsedAsync(ReadOnlyMemory<byte> request, CancellationToken cancellationToken)
    {
        if (!TryParse(request, out var tbs))
        {
            return new OcspResult(MalformedRequest, OcspResponseStatusCode.MalformedRequest);
        }

        var requests = tbs.RequestList;
        // RFC 5019 §2.2.3: a responder not authoritative for any requested certificate answers
        // "unauthorized". SECURITY: that answer is unsigned, so foreign CertIDs cost no signature.
        if (requests.All(item => _issuer.Variant(Request.GetInstance(item).ReqCert) < 0))
        {
            return new OcspResult(Unauthorized, OcspResponseStatusCode.Unauthorized);
        }

        var nonce = ReadNonce(tbs.RequestExtensions);
        var now = _time.GetUtcNow();

        if (nonce is null && requests.Count == 1)
        {
            var certId = Request.GetInstance(requests[0]).ReqCert;
            var (entry, slot, variant) = await GetSingleAsync(certId, now, cancellationToken);
            if (entry.PreSigned is { } cached)
            {
                if (slot is not null)
                {
                    _cache.RememberRequest(request.Span, slot, variant);
                }

                return cached;
            }

            var full = Sign(new DerSequence(entry.Single), responseExtensions: null, now);
            var producedAt = PkiTime.Truncate(now);
            // Served as is to later requests: marked as coming from the cache from the start.
            if (slot is not null)
            {
                slot.Store(variant, entry with { PreSigned = new OcspResult(full, OcspResponseStatusCode.Successful, FromCache: true, ProducedAt: producedAt, NextUpdate: entry.NextUpdate) });
                _cache.RememberRequest(request.Span, slot, variant);
            }

            return new OcspResult(full, OcspResponseStatusCode.Successful, ProducedAt: producedAt, NextUpdate: entry.NextUpdate);
        }

        var singles = new Asn1EncodableVector(requests.Count);
        var nextUpdate = DateTimeOffset.MaxValue;
        foreach (var item in requests)
        {
            var (entry, _, _) = await GetSingleAsync(Request.GetInstance(item).ReqCert, now, cancellationToken);
            singles.Add(entry.Single);
            nextUpdate = entry.NextUpdate < nextUpdate ? entry.NextUpdate : nextUpdate;
        }

        X509Extensions? extensions = null;
        if (nonce is not null)
        {
            // RFC 6960 §4.4.1 / RFC 8954: the nonce comes back unchanged, binding this response to the request.
            var generator = new X509ExtensionsGenerator();
            generator.AddExtension(OcspObjectIdentifiers.PkixOcspNonce, nonce.IsCritical, nonce.Value.GetOctets());
            extensions = generator.Generate();
        }

        var response = Sign(new DerSequence(singles), extensions, now);
        return new OcspResult(response, OcspResponseStatusCode.Successful, HasNonce: nonce is not null, ProducedAt: PkiTime.Truncate(now), NextUpdate: nextUpdate);
    }

    /// <summary>An unsigned error response (RFC 6960 §4.2.1: responseBytes absent unless successful).</summary>
    public static byte[] ErrorResponse(OcspResponseStatusCode status) =>
        status == OcspResponseStatusCode.Successful
            ? throw new ArgumentException("A successful response carries a signed body.", nameof(status))
            : new OcspResponse(new OcspResponseStatus((int)status), null).GetDerEncoded();

    private bool TryParse(ReadOnlyMemory<byte> request, out TbsRequest tbs)
    {
        tbs = null!;
        if (request.Length == 0 || request.Length > _options.MaxRequestBytes)
        {
            return false;
        }

        try
        {
            // Request signatures (RFC 6960 §4.1.2, optional) are not required and so not checked.
            var parsed = OcspRequest.GetInstance(Asn1Object.FromByteArray(request.ToArray()));
            tbs = parsed.TbsRequest;
            var count = tbs.RequestList.Count;
            if (count < 1 || count > _options.MaxCertificatesPerRequest)
            {
                return false;
            }

            foreach (var item in tbs.RequestList)
            {
                _ = Request.GetInstance(item).ReqCert.SerialNumber;
            }

            return true;
        }
        catch (Exception ex) when (ex is IOException or ArgumentException or InvalidCastException or InvalidOperationException)
        {
            return false;
        }
    }

    // RFC 8954 §2.1: nonces of 1 to 32 octets are echoed; a responder MAY answer others without a
    // nonce. SECURITY: doing so keeps oversized nonces from forcing a signature per request.
    private static X509Extension? ReadNonce(X509Extensions? extensions)
    {
        var nonce = extensions?.GetExtension(OcspObjectIdentifiers.PkixOcspNonce);
        if (nonce is null)
        {
            return null;
        }

        var value = nonce.Value.GetOctets();
        int length;
        try
        {
            length = Asn1OctetString.GetInstance(Asn1Object.FromByteArray(value)).GetOctets().Length;
        }
        catch (Exception ex) when (ex is IOException or ArgumentException or InvalidCastException)
        {
            // Some clients put the raw nonce in extnValue instead of an OCTET STRING; echo it as well.
            length = value.Length;
        }

        return length is >= 1 and <= 32 ? nonce : null;
    }

    private async ValueTask<(OcspResponseCache.Entry Entry, OcspResponseCache.Slot? Slot, int Variant)> GetSingleAsync(
        CertID certId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var variant = _issuer.Variant(certId);
        if (variant < 0)
        {
            // RFC 6960 §2.2: "unknown" for an issuer this responder does not serve, when the request
            // also names certificates it does serve (otherwise it was answered "unauthorized").
            return (BuildEntry(certId, CertificateStatus.Unknown, now, version: 0), null, variant);
        }

        var serial = certId.SerialNumber.Value;
        var slot = _cache.GetSlot(serial);
        if (slot?.GetFresh(variant, now) is { } fresh)
        {
            return (fresh, slot, variant);
        }

        // The version is read before the lookup: an invalidation racing with it makes this entry stale.
        var version = slot?.Version ?? 0;
        var status = await _lookup(KeyConversions.ToNet(serial), cancellationToken);
        var entry = BuildEntry(certId, status, now, version);
        slot?.Store(variant, entry);
        return (entry, slot, variant);
    }

    private OcspResponseCache.Entry BuildEntry(CertID certId, CertificateStatus status, DateTimeOffset now, long version)
    {
        var thisUpdate = PkiTime.Truncate(now);
        var nextUpdate = thisUpdate + _options.ResponseValidity;
        var certStatus = status.Kind switch
        {
            // CertStatus ::= CHOICE { good [0] IMPLICIT NULL, revoked [1] IMPLICIT RevokedInfo, unknown [2] IMPLICIT UnknownInfo }
            CertificateStatusKind.Good => new CertStatus(),
            CertificateStatusKind.Revoked => new CertStatus(new RevokedInfo(
                Time(status.RevocationTime ?? throw new InvalidOperationException("A revoked status needs a revocation time.")),
                status.Reason is null or RevocationReason.Unspecified ? null : new CrlReason((int)status.Reason))),
            _ => new CertStatus(2, DerNull.Instance),
        };
        // RFC 6960 §2.4 / RFC 5019 §2.2.4: thisUpdate and nextUpdate tell clients how fresh the answer is.
        var single = new SingleResponse(certId, certStatus, Time(thisUpdate), Time(nextUpdate), null);
        return new OcspResponseCache.Entry(version, single, nextUpdate, thisUpdate + _options.CacheRefreshAfter);
    }

    private byte[] Sign(DerSequence singles, X509Extensions? responseExtensions, DateTimeOffset now)
    {
        var data = new ResponseData(_responderId, Time(now), singles, responseExtensions);
        var signature = _signer.Signer.Sign(data.GetDerEncoded());
        var basic = new BasicOcspResponse(data, _signer.Signer.Algorithm, new DerBitString(signature), _certificates);
        return new OcspResponse(
            new OcspResponseStatus(OcspResponseStatus.Successful),
            new ResponseBytes(OcspObjectIdentifiers.PkixOcspBasic, new DerOctetString(basic.GetDerEncoded()))).GetDerEncoded();
    }

    // RFC 6960 §4.2.2.1: GeneralizedTime in UTC; whole seconds keep the encoding short and exact.
    private static DerGeneralizedTime Time(DateTimeOffset time) =>
        new(PkiTime.ToUtcSeconds(time).ToString("yyyyMMddHHmmss'Z'", CultureInfo.InvariantCulture));
}
