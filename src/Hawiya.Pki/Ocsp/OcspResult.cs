namespace Hawiya.Pki.Ocsp;

/// <summary>OCSPResponseStatus (RFC 6960 §4.2.1); the values are the ones encoded on the wire.</summary>
public enum OcspResponseStatusCode
{
    Successful = 0,
    MalformedRequest = 1,
    InternalError = 2,
    TryLater = 3,
    SignatureRequired = 5,
    Unauthorized = 6,
}

/// <summary>A DER OCSPResponse ready to send, with what an HTTP host needs to set caching headers.</summary>
/// <param name="Response">DER OCSPResponse (RFC 6960 §4.2.1), media type application/ocsp-response.</param>
/// <param name="FromCache">The whole response was served pre-signed, without a signature for this request.</param>
/// <param name="HasNonce">The response echoes the request's nonce, so it is specific to that request.</param>
public sealed record OcspResult(
    byte[] Response,
    OcspResponseStatusCode Status,
    bool FromCache = false,
    bool HasNonce = false,
    DateTimeOffset? ProducedAt = null,
    DateTimeOffset? NextUpdate = null)
{
    /// <summary>
    /// RFC 5019 §6.2: a successful response without a nonce is the same for every client, so HTTP
    /// caches may keep it until nextUpdate (the host sets max-age, Expires and ETag from this).
    /// </summary>
    public bool IsHttpCacheable => Status == OcspResponseStatusCode.Successful && !HasNonce && NextUpdate is not null;
}
