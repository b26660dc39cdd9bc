using Hawiya.Gateways.Sms;

namespace Hawiya.Server.Abuse;

/// <summary>Where an SMS number sits: its country (allow-listed) and prefix, or why it is refused.</summary>
public sealed record SmsDestination(string? CountryCode, string? Prefix, string? Refusal)
{
    public bool Allowed => Refusal is null;
}

/// <summary>
/// The allow-list of SMS destinations. SECURITY: SMS pumping (artificially inflated traffic)
/// sends codes to premium-rate, short-code or foreign ranges an attacker is paid for; only
/// mobile ranges of allow-listed countries are sent to, and refused prefixes never.
/// </summary>
public static class SmsDestinations
{
    public const string NotE164 = "not_e164";
    public const string PremiumRate = "refused_prefix";
    public const string CountryNotAllowed = "country_not_allowed";
    public const string RangeNotAllowed = "range_not_allowed";

    public static SmsDestination Classify(string number, SendBudgetOptions options)
    {
        if (!SmsMessage.IsE164(number))
        {
            return new SmsDestination(null, null, NotE164);
        }

        if (options.RefusedPrefixes.Any(p => number.StartsWith(p, StringComparison.Ordinal)))
        {
            return new SmsDestination(null, null, PremiumRate);
        }

        var digits = number[1..];
        // Calling codes are prefix-free (ITU-T E.164): at most one configured code matches.
        var code = options.Countries.Keys.FirstOrDefault(c => digits.StartsWith(c, StringComparison.Ordinal));
        if (code is null)
        {
            return new SmsDestination(null, null, CountryNotAllowed);
        }

        var country = options.Countries[code];
        var national = digits[code.Length..];
        if (national.Length != country.NationalDigits
            || (country.AllowedPrefixes.Count > 0 && !country.AllowedPrefixes.Any(p => national.StartsWith(p, StringComparison.Ordinal))))
        {
            return new SmsDestination(code, null, RangeNotAllowed);
        }

        return new SmsDestination(code, digits[..Math.Min(options.PrefixDigits, digits.Length)], null);
    }
}
