using System.Buffers;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;

namespace Hawiya.Pki.Ocsp;

/// <summary>OCSP over HTTP (RFC 6960 Appendix A.1, RFC 5019 §5 and §6), for the host that serves the responder.</summary>
public static class OcspHttp
{
    public const string RequestMediaType = "application/ocsp-request";

    public const string ResponseMediaType = "application/ocsp-response";

    /// <summary>SECURITY: bound on the encoded request of a GET, checked before decoding.</summary>
    public const int MaxEncodedGetRequest = 16 * 1024;

    private static readonly ConditionalWeakTable<OcspResult, string> EntityTags = new();

    /// <summary>
    /// Decodes a GET request: "{url}/{url-encoding of base-64 encoding of the DER encoding of the
    /// OCSPRequest}". Pass everything after the responder's base path: the base64 text may itself
    /// contain '/' characters that some clients leave unescaped.
    /// </summary>
    public static bool TryDecodeGetRequest(string encodedPath, out byte[] request)
    {
        request = [];
        if (string.IsNullOrEmpty(encodedPath) || encodedPath.Length > MaxEncodedGetRequest)
        {
            return false;
        }

        var buffer = new byte[encodedPath.Length];
        if (!TryDecodeGetRequest(encodedPath, buffer, out var written))
        {
            return false;
        }

        request = buffer[..written];
        return true;
    }

    /// <summary>
    /// Decodes a GET request into <paramref name="request"/>, which needs room for
    /// <paramref name="encodedPath"/>.Length bytes, without allocating.
    /// </summary>
    public static bool TryDecodeGetRequest(ReadOnlySpan<char> encodedPath, Span<byte> request, out int written)
    {
        written = 0;
        encodedPath = encodedPath.TrimStart('/');
        if (encodedPath.IsEmpty || encodedPath.Length > MaxEncodedGetRequest)
        {
            return false;
        }

        char[]? rented = null;
        var base64 = encodedPath.Length <= 512 ? stackalloc char[512] : (rented = ArrayPool<char>.Shared.Rent(encodedPath.Length));
        try
        {
            var length = 0;
            for (var i = 0; i < encodedPath.Length; i++)
            {
                var c = encodedPath[i];
                // Percent-decoding (RFC 3986 §2.1); base64 needs only ASCII, so any other escape fails below.
                if (c == '%' && i + 2 < encodedPath.Length)
                {
                    var high = HexValue(encodedPath[i + 1]);
                    var low = HexValue(encodedPath[i + 2]);
                    if (high >= 0 && low >= 0)
                    {
                        c = (char)((high << 4) | low);
                        i += 2;
                    }
                }

                // A '+' turned into a space by a form-decoding proxy is restored: spaces are not base64.
                base64[length++] = c == ' ' ? '+' : c;
            }

            return Convert.TryFromBase64Chars(base64[..length], request, out written) && written > 0;
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<char>.Shared.Return(rented);
            }
        }
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

    /// <summary>
    /// RFC 9110 §8.8.3: a strong entity tag for a cacheable answer, the SHA-256 of its bytes.
    /// Computed once per pre-signed answer, which is served many times.
    /// </summary>
    public static string EntityTag(OcspResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return EntityTags.GetValue(result, static r => $"\"{Convert.ToHexStringLower(SHA256.HashData(r.Response))}\"");
    }

    private static int HexValue(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => -1,
    };
}
