using System.Text.RegularExpressions;

namespace Hawiya.Gateways.Sms;

/// <summary>Sends text messages (OTP codes, identity-use alerts) to a citizen's phone.</summary>
public interface ISmsGateway
{
    /// <summary>
    /// Sends one message. Never throws for a provider failure: the result says whether the message
    /// was accepted, may be retried later, or was rejected. Bounded by the configured total timeout.
    /// </summary>
    Task<SendResult> SendAsync(SmsMessage message, CancellationToken cancellationToken = default);
}

/// <summary>One text message.</summary>
/// <param name="To">Recipient in E.164 form, e.g. <c>+212612345678</c>.</param>
/// <param name="Body">Text, at most <see cref="MaxBodyLength"/> characters.</param>
/// <param name="CorrelationId">An id the caller can log (the authentication session), never personal data.</param>
public sealed partial record SmsMessage(string To, string Body, string? CorrelationId)
{
    /// <summary>Twilio's limit for the Body parameter (https://www.twilio.com/docs/errors/21617).</summary>
    public const int MaxBodyLength = 1600;

    /// <summary>
    /// True for an E.164 number: a plus, a country code not starting with 0, at most 15 digits in all
    /// (ITU-T E.164 §6). Twilio wants exactly this form (https://www.twilio.com/docs/glossary/what-e164).
    /// </summary>
    public static bool IsE164(string? number) => number is not null && E164().IsMatch(number);

    /// <summary>The local reason this message cannot be sent, or null when it can.</summary>
    public string? Problem()
    {
        if (!IsE164(To))
        {
            return GatewayReasons.InvalidRecipient;
        }

        return string.IsNullOrWhiteSpace(Body) || Body.Length > MaxBodyLength ? GatewayReasons.InvalidMessage : null;
    }

    [GeneratedRegex(@"^\+[1-9][0-9]{1,14}$", RegexOptions.CultureInvariant)]
    private static partial Regex E164();
}
