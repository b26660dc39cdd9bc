using System.Globalization;

namespace Hawiya.SampleProvider.Tokens;

/// <summary>Reads token lifetimes out of a token endpoint response (RFC 6749 §5.1).</summary>
internal static class TokenLifetimes
{
    /// <summary>
    /// RFC 6749 defines no lifetime for refresh tokens; some providers add
    /// <c>refresh_token_expires_in</c> or <c>refresh_expires_in</c> (seconds). Without either,
    /// the expiry is unknown to the client, which is normal.
    /// </summary>
    public static DateTimeOffset? RefreshTokenExpiry(IDictionary<string, string> parameters, DateTimeOffset now)
    {
        foreach (var name in (string[])["refresh_token_expires_in", "refresh_expires_in"])
        {
            var expiry = AfterSeconds(parameters.TryGetValue(name, out var value) ? value : null, now);
            if (expiry is not null)
            {
                return expiry;
            }
        }

        return null;
    }

    /// <summary><c>expires_in</c> (RFC 6749 §5.1) as an instant; null when absent or not a positive number.</summary>
    public static DateTimeOffset? AfterSeconds(string? seconds, DateTimeOffset now) =>
        long.TryParse(seconds, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0
            ? now.AddSeconds(value)
            : null;

    /// <summary>Reads an instant stored as a round-trip string (how SaveTokens stores <c>expires_at</c>).</summary>
    public static DateTimeOffset? Parse(string? roundTrip) =>
        DateTimeOffset.TryParse(roundTrip, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var value)
            ? value
            : null;

    public static string Format(DateTimeOffset instant) => instant.ToString("o", CultureInfo.InvariantCulture);
}
