using System.Security.Cryptography;
using System.Text;

namespace Hawiya.Gateways.Sms;

/// <summary>
/// Checks the X-Twilio-Signature header Twilio puts on its webhooks, such as the message
/// StatusCallback (https://www.twilio.com/docs/usage/webhooks/webhooks-security).
/// </summary>
/// <remarks>
/// The signature is Base64(HMAC-SHA1(auth token, URL + each POST parameter's name and value,
/// parameters sorted by name)). The URL is the full URL Twilio requested, query string included;
/// parameters are the decoded form values, not URL-encoded.
/// </remarks>
public sealed class TwilioSignatureValidator
{
    /// <summary>The header Twilio signs its requests in.</summary>
    public const string HeaderName = "X-Twilio-Signature";

    private readonly byte[] _key;

    /// <summary>Creates a validator for the account's auth token.</summary>
    public TwilioSignatureValidator(string authToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(authToken);
        _key = Encoding.UTF8.GetBytes(authToken);
    }

    /// <summary>
    /// True when <paramref name="signature"/> is Twilio's signature of this URL and these form
    /// parameters. Repeated parameter names are allowed; each value counts.
    /// </summary>
    public bool IsValid(string url, IEnumerable<KeyValuePair<string, string>> formParameters, string? signature)
    {
        ArgumentNullException.ThrowIfNull(url);
        ArgumentNullException.ThrowIfNull(formParameters);
        if (string.IsNullOrEmpty(signature))
        {
            return false;
        }

        var parameters = formParameters.ToList();
        var presented = Encoding.ASCII.GetBytes(signature);
        var valid = false;

        // Twilio's own helper libraries accept the URL with and without an explicit default port,
        // because Twilio's signing side is not consistent about it.
        foreach (var candidate in UrlVariants(url))
        {
            var expected = Encoding.ASCII.GetBytes(Compute(candidate, parameters));

            // SECURITY: constant-time comparison, so response timing reveals nothing of the signature.
            valid |= CryptographicOperations.FixedTimeEquals(expected, presented);
        }

        return valid;
    }

    /// <summary>The signature Twilio would send for this URL and these parameters.</summary>
    public string Compute(string url, IEnumerable<KeyValuePair<string, string>> formParameters)
    {
        var data = new StringBuilder(url);

        // Ordinal order, like Twilio's reference implementations; ties (repeated names) by value.
        foreach (var (name, value) in formParameters
                     .OrderBy(p => p.Key, StringComparer.Ordinal)
                     .ThenBy(p => p.Value, StringComparer.Ordinal))
        {
            data.Append(name).Append(value);
        }

        var mac = HMACSHA1.HashData(_key, Encoding.UTF8.GetBytes(data.ToString()));
        return Convert.ToBase64String(mac);
    }

    private static IEnumerable<string> UrlVariants(string url)
    {
        yield return url;

        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || !uri.IsDefaultPort)
        {
            yield break;
        }

        var authorityStart = url.IndexOf("://", StringComparison.Ordinal);
        if (authorityStart < 0)
        {
            yield break;
        }

        authorityStart += 3;
        var authorityEnd = url.IndexOfAny(['/', '?', '#'], authorityStart);
        if (authorityEnd < 0)
        {
            authorityEnd = url.Length;
        }

        var authority = url[authorityStart..authorityEnd];
        var portSuffix = ":" + uri.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var otherAuthority = authority.EndsWith(portSuffix, StringComparison.Ordinal)
            ? authority[..^portSuffix.Length]
            : authority + portSuffix;
        yield return string.Concat(url.AsSpan(0, authorityStart), otherAuthority, url.AsSpan(authorityEnd));
    }
}
