using System.Net;

namespace Hawiya.Gateways.Sms;

/// <summary>What a Twilio error means for the platform.</summary>
public enum TwilioErrorKind
{
    /// <summary>Twilio did not take the message and may later (throttling, outage, full queue).</summary>
    Transient,

    /// <summary>This recipient cannot get this SMS (invalid, unsubscribed, landline, barred region, filtered).</summary>
    Recipient,

    /// <summary>The message itself is unacceptable (empty or too long body).</summary>
    Content,

    /// <summary>Our account or sender is misconfigured; every send will fail until operators act.</summary>
    Configuration,
}

/// <summary>
/// Maps Twilio error codes (https://www.twilio.com/docs/api/errors) to retry or give up.
/// </summary>
public static class TwilioErrorMap
{
    private static readonly Dictionary<int, TwilioErrorKind> Known = new()
    {
        // Transient: the request was not processed.
        [20429] = TwilioErrorKind.Transient, // Too Many Requests: "never processed and is always safe to retry"
        [20500] = TwilioErrorKind.Transient, // Internal Server Error
        [20503] = TwilioErrorKind.Transient, // Service Unavailable
        [21611] = TwilioErrorKind.Transient, // 'From' queue holds more than 10 hours of messages
        [30001] = TwilioErrorKind.Transient, // Queue overflow

        // Recipient: asking again will not help, the citizen must use another method.
        [21211] = TwilioErrorKind.Recipient, // Invalid 'To' phone number
        [21214] = TwilioErrorKind.Recipient, // 'To' phone number cannot be reached
        [21217] = TwilioErrorKind.Recipient, // Phone number does not appear to be valid
        [21408] = TwilioErrorKind.Recipient, // Permission to send an SMS has not been enabled for the region
        [21610] = TwilioErrorKind.Recipient, // Attempt to send to unsubscribed recipient (replied STOP)
        [21612] = TwilioErrorKind.Recipient, // 'To' unreachable with this 'From' / not routable
        [21614] = TwilioErrorKind.Recipient, // 'To' number is not a valid mobile number
        [21635] = TwilioErrorKind.Recipient, // 'To' number cannot be a landline
        [30003] = TwilioErrorKind.Recipient, // Unreachable destination handset
        [30004] = TwilioErrorKind.Recipient, // Message blocked
        [30005] = TwilioErrorKind.Recipient, // Unknown destination handset
        [30006] = TwilioErrorKind.Recipient, // Landline or unreachable carrier
        [30007] = TwilioErrorKind.Recipient, // Message filtered (carrier violation)

        // Content.
        [21602] = TwilioErrorKind.Content, // Message body is required
        [21617] = TwilioErrorKind.Content, // Body exceeds the 1600 character limit

        // Configuration: log loudly, these fail every send.
        [20003] = TwilioErrorKind.Configuration, // Authentication failed (SID or token wrong)
        [20404] = TwilioErrorKind.Configuration, // Resource not found (wrong account SID)
        [21603] = TwilioErrorKind.Configuration, // 'From' phone number is required
        [21606] = TwilioErrorKind.Configuration, // 'From' is not a message-capable Twilio number
        [21608] = TwilioErrorKind.Configuration, // Trial account: 'To' not verified
        [21703] = TwilioErrorKind.Configuration, // Messaging Service unusable (no sender available)
        [21704] = TwilioErrorKind.Configuration, // Messaging Service contains no phone numbers
        [21705] = TwilioErrorKind.Configuration, // Messaging Service invalid
        [30002] = TwilioErrorKind.Configuration, // Account suspended
        [30034] = TwilioErrorKind.Configuration, // Message from an unregistered US A2P 10DLC number
    };

    /// <summary>
    /// Classifies an error response. Known codes win; otherwise HTTP 429 and 5xx are transient
    /// and anything else is a rejection of this recipient.
    /// </summary>
    public static TwilioErrorKind Classify(HttpStatusCode httpStatus, int? code)
    {
        if (code is { } c && Known.TryGetValue(c, out var kind))
        {
            return kind;
        }

        return httpStatus switch
        {
            HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => TwilioErrorKind.Configuration,
            _ when (int)httpStatus >= 400 && !IsTransientStatus(httpStatus) => TwilioErrorKind.Recipient,
            _ => TwilioErrorKind.Transient,
        };
    }

    /// <summary>The send result for an error response.</summary>
    public static SendResult ToResult(HttpStatusCode httpStatus, int? code, TimeSpan? retryAfter)
    {
        var reason = code is { } c ? $"twilio:{c}" : $"twilio:http_{(int)httpStatus}";
        return Classify(httpStatus, code) == TwilioErrorKind.Transient
            ? SendResult.RetryLater(reason, retryAfter)
            : SendResult.Rejected(reason);
    }

    private static bool IsTransientStatus(HttpStatusCode status) =>
        status == HttpStatusCode.TooManyRequests || (int)status >= 500;

    internal static bool IsConfiguration(HttpStatusCode httpStatus, int? code) =>
        Classify(httpStatus, code) == TwilioErrorKind.Configuration;
}
