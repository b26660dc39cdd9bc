using System.ComponentModel.DataAnnotations;
using System.Text.RegularExpressions;

namespace Hawiya.Gateways.Sms;

/// <summary>
/// Twilio Messages API settings (section <c>Gateways:Sms:Twilio</c>). The auth token is a secret:
/// it comes from configuration (environment, secret store), never from code.
/// </summary>
public sealed partial class TwilioOptions : IValidatableObject
{
    /// <summary>Configuration section.</summary>
    public const string SectionName = "Gateways:Sms:Twilio";

    /// <summary>API root; replaced by a loopback server in tests.</summary>
    [Required, Url]
    public string BaseUrl { get; set; } = "https://api.twilio.com";

    /// <summary>Account SID, <c>AC</c> and 32 hex digits; the user name of HTTP basic authentication.</summary>
    [Required, RegularExpression("^AC[0-9a-fA-F]{32}$", ErrorMessage = "AccountSid must be AC followed by 32 hex digits.")]
    public string AccountSid { get; set; } = string.Empty;

    /// <summary>Auth token: the password of HTTP basic authentication and the key of X-Twilio-Signature.</summary>
    [Required, MinLength(32)]
    public string AuthToken { get; set; } = string.Empty;

    /// <summary>Sender: an E.164 Twilio number, a short code or an alphanumeric sender id. Exclusive with <see cref="MessagingServiceSid"/>.</summary>
    public string? From { get; set; }

    /// <summary>Messaging Service SID, <c>MG</c> and 32 hex digits. Exclusive with <see cref="From"/>.</summary>
    [RegularExpression("^MG[0-9a-fA-F]{32}$", ErrorMessage = "MessagingServiceSid must be MG followed by 32 hex digits.")]
    public string? MessagingServiceSid { get; set; }

    /// <summary>
    /// Public URL of this platform's status-callback endpoint, sent as StatusCallback with each message.
    /// Twilio signs exactly this URL, so the endpoint validates against it rather than against the
    /// URL it sees behind a reverse proxy.
    /// </summary>
    [Url]
    public string? StatusCallbackUrl { get; set; }

    /// <summary>
    /// Seconds a message may wait in Twilio's queue before Twilio drops it (1 to 36,000,
    /// https://www.twilio.com/docs/api/errors/90007). An OTP delivered after it expired is useless.
    /// </summary>
    [Range(1, 36_000)]
    public int? ValidityPeriodSeconds { get; set; } = 600;

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        var hasFrom = !string.IsNullOrWhiteSpace(From);
        var hasService = !string.IsNullOrWhiteSpace(MessagingServiceSid);
        if (hasFrom == hasService)
        {
            yield return new ValidationResult(
                "Set exactly one of From and MessagingServiceSid.", [nameof(From), nameof(MessagingServiceSid)]);
        }
        else if (hasFrom && !SmsMessage.IsE164(From) && !ShortCode().IsMatch(From!) && !AlphanumericSender().IsMatch(From!))
        {
            yield return new ValidationResult(
                "From must be an E.164 number, a short code or an alphanumeric sender id.", [nameof(From)]);
        }
    }

    [GeneratedRegex("^[0-9]{3,8}$", RegexOptions.CultureInvariant)]
    private static partial Regex ShortCode();

    // Up to 11 characters, letters, digits and spaces, at least one letter
    // (https://help.twilio.com/articles/223133767).
    [GeneratedRegex("^(?=.*[A-Za-z])[A-Za-z0-9 ]{1,11}$", RegexOptions.CultureInvariant)]
    private static partial Regex AlphanumericSender();
}
