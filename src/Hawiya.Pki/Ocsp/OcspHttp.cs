namespace Hawiya.Pki.Ocsp;

/// <summary>OCSP over HTTP (RFC 6960 Appendix A.1, RFC 5019 §5 and §6), for the host that serves the responder.</summary>
public static class OcspHttp
{
    public const string RequestMediaType = "application/ocsp-request";

    public const string ResponseMediaType = "application/ocsp-response";

    /// <summary>
    /// Decodes a GET request: "{url}/{url-encoding of base-64 encoding of the DER encoding of the
    /// OCSPRequest}". Pass everything after the responder's base path: the base64 text may itself
    /// contain '/' characters that some clients leave unescaped.
    /// </summary>
    public static bool TryDecodeGetRequest(string encodedPath, out byte[] request)
    {
        request = [];
        if (string.IsNullOrEmpty(encodedPath) || encodedPath.Length > 16 * 1024)
        {
            return false;
        }

        string base64;
        try
        {
            base64 = Uri.UnescapeDataString(encodedPath.TrimStart('/'));
        }
        catch (UriFormatException)
        {
            return false;
        }

        // A '+' turned into a space by a form-decoding proxy is restored: spaces are not base64.
        base64 = base64.Replace(' ', '+');
        var buffer = new byte[base64.Length];
        if (!Convert.TryFromBase64String(base64, buffer, out var written) || written == 0)
        {
            return false;
        }

        request = buffer[..written];
        return true;
    }

    /// <summary>The path segment a client appends to the responder URL to send <paramref name="request"/> with GET.</summary>
    public static string EncodeGetRequest(ReadOnlySpan<byte> request) => Uri.EscapeDataString(Convert.ToBase64String(request));

    /// <summary>RFC 5019 §6.2: Cache-Control max-age for a cacheable response, or null if it must not be cached.</summary>
    public static TimeSpan? MaxAge(OcspResult result, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (!result.IsHttpCacheable || result.NextUpdate is not { } nextUpdate || nextUpdate <= now)
        {
            return null;
        }

        return TimeSpan.FromSeconds(Math.Floor((nextUpdate - now).TotalSeconds));
    }
}
