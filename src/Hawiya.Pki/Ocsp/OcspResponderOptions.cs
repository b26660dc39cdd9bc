namespace Hawiya.Pki.Ocsp;

/// <summary>Freshness and limits of the OCSP responder.</summary>
public sealed record OcspResponderOptions
{
    /// <summary>nextUpdate − thisUpdate of every answer (RFC 6960 §2.4): how long a client may rely on it.</summary>
    public TimeSpan ResponseValidity { get; init; } = TimeSpan.FromHours(1);

    /// <summary>
    /// Age after which a cached answer is re-signed even though the status did not change, so that
    /// clients always receive answers with most of their validity left (RFC 5019 §6.1 pre-production).
    /// </summary>
    public TimeSpan CacheRefreshAfter { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>
    /// Bound on cached certificates, about 1 KB each (the signed response carries the signer
    /// certificate). SECURITY: requests for random serials must not grow memory without limit; when
    /// the bound is reached the cache starts over. Zero disables caching.
    /// </summary>
    public int MaxCachedCertificates { get; init; } = 100_000;

    /// <summary>SECURITY: bound on CertIDs per request, so one request cannot demand unbounded work.</summary>
    public int MaxCertificatesPerRequest { get; init; } = 32;

    /// <summary>SECURITY: bound on the DER request size; a one-certificate request with a nonce is about 120 bytes.</summary>
    public int MaxRequestBytes { get; init; } = 16 * 1024;

    internal void Validate()
    {
        if (ResponseValidity <= TimeSpan.Zero || CacheRefreshAfter <= TimeSpan.Zero || CacheRefreshAfter >= ResponseValidity)
        {
            throw new ArgumentException("OCSP response validity must be positive and longer than the cache refresh age.");
        }

        if (MaxCachedCertificates < 0 || MaxCertificatesPerRequest < 1 || MaxRequestBytes < 64)
        {
            throw new ArgumentException("OCSP responder limits are out of range.");
        }
    }
}
