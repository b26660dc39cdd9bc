using Microsoft.Extensions.Logging;

namespace Hawiya.Gateways.Diagnostics;

/// <summary>
/// Every log line the gateways write. SECURITY: none of them takes a phone number, email address,
/// device token, message body, OTP or provider error text (Twilio and SMTP servers echo the
/// recipient in their messages); only correlation ids, keyed recipient pseudonyms, provider ids
/// and codes.
/// </summary>
internal static partial class GatewayLog
{
    [LoggerMessage(EventId = 1000, Level = LogLevel.Information,
        Message = "SMS accepted by Twilio. Correlation {CorrelationId}, recipient {RecipientRef}, message {ProviderMessageId}")]
    public static partial void SmsAccepted(ILogger logger, string? correlationId, string recipientRef, string providerMessageId);

    [LoggerMessage(EventId = 1001, Level = LogLevel.Warning,
        Message = "SMS not sent. Correlation {CorrelationId}, recipient {RecipientRef}, status {Status}, reason {ReasonCode}")]
    public static partial void SmsNotSent(ILogger logger, string? correlationId, string recipientRef, SendStatus status, string? reasonCode);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Error,
        Message = "Twilio refused our request for a configuration reason; operators must act. Correlation {CorrelationId}, reason {ReasonCode}")]
    public static partial void SmsMisconfigured(ILogger logger, string? correlationId, string reasonCode);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Warning,
        Message = "Twilio status callback refused: {Why}")]
    public static partial void TwilioCallbackRefused(ILogger logger, string why);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Information,
        Message = "Twilio delivery report for message {ProviderMessageId}: {MessageStatus}, error {ErrorCode}")]
    public static partial void TwilioDeliveryReport(ILogger logger, string providerMessageId, string messageStatus, int? errorCode);

    [LoggerMessage(EventId = 1100, Level = LogLevel.Information,
        Message = "Push accepted by FCM. Correlation {CorrelationId}, device {DeviceRef}, message {ProviderMessageId}")]
    public static partial void PushAccepted(ILogger logger, string? correlationId, string deviceRef, string providerMessageId);

    [LoggerMessage(EventId = 1101, Level = LogLevel.Warning,
        Message = "Push not sent. Correlation {CorrelationId}, device {DeviceRef}, status {Status}, reason {ReasonCode}")]
    public static partial void PushNotSent(ILogger logger, string? correlationId, string deviceRef, PushSendStatus status, string? reasonCode);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Information,
        Message = "FCM refused the access token; fetched a new one. Correlation {CorrelationId}")]
    public static partial void PushTokenRefreshed(ILogger logger, string? correlationId);

    [LoggerMessage(EventId = 1103, Level = LogLevel.Error,
        Message = "Could not obtain an FCM access token ({ReasonCode}). Correlation {CorrelationId}")]
    public static partial void PushTokenUnavailable(ILogger logger, string? correlationId, string reasonCode);

    [LoggerMessage(EventId = 1200, Level = LogLevel.Information,
        Message = "Email accepted by the SMTP relay. Correlation {CorrelationId}, recipient {RecipientRef}, message {ProviderMessageId}")]
    public static partial void EmailAccepted(ILogger logger, string? correlationId, string recipientRef, string providerMessageId);

    [LoggerMessage(EventId = 1201, Level = LogLevel.Warning,
        Message = "Email not sent. Correlation {CorrelationId}, recipient {RecipientRef}, status {Status}, reason {ReasonCode}")]
    public static partial void EmailNotSent(ILogger logger, string? correlationId, string recipientRef, SendStatus status, string? reasonCode);

    [LoggerMessage(EventId = 1900, Level = LogLevel.Error,
        Message = "Unexpected {ExceptionType} while sending; reported as provider_error. Correlation {CorrelationId}")]
    public static partial void UnexpectedFailure(ILogger logger, string? correlationId, string exceptionType);

    [LoggerMessage(EventId = 1300, Level = LogLevel.Debug,
        Message = "Development outbox stored a {Channel} message. Correlation {CorrelationId}, recipient {RecipientRef}")]
    public static partial void OutboxStored(ILogger logger, Outbox.OutboxChannel channel, string? correlationId, string recipientRef);
}
