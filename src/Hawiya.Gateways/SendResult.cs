namespace Hawiya.Gateways;

/// <summary>What became of one outbound message, as far as the provider told us.</summary>
public enum SendStatus
{
    /// <summary>The provider took responsibility for the message (delivery may still fail later).</summary>
    Accepted,

    /// <summary>
    /// The provider did not take the message and a later attempt may succeed (throttling, outage,
    /// open circuit, timeout). The login page should offer the citizen another method now rather
    /// than wait.
    /// </summary>
    RetryLater,

    /// <summary>The provider refused the message for good (bad recipient, filtered content, configuration).</summary>
    Rejected,
}

/// <summary>Outcome of an SMS or email send.</summary>
/// <param name="Status">Accepted, retry later, or rejected.</param>
/// <param name="ProviderMessageId">The provider's id for an accepted message (Twilio SID, SMTP Message-Id).</param>
/// <param name="ReasonCode">For a message not accepted: a stable code such as <c>twilio:21211</c> or <c>timeout</c> (see <see cref="GatewayReasons"/>).</param>
/// <param name="RetryAfter">When the provider said how long to wait, that delay.</param>
public sealed record SendResult(SendStatus Status, string? ProviderMessageId, string? ReasonCode, TimeSpan? RetryAfter = null)
{
    /// <summary>True when the provider accepted the message.</summary>
    public bool IsAccepted => Status == SendStatus.Accepted;

    /// <summary>An accepted message.</summary>
    public static SendResult Accepted(string providerMessageId) => new(SendStatus.Accepted, providerMessageId, null);

    /// <summary>A message not taken now that may be taken later.</summary>
    public static SendResult RetryLater(string reasonCode, TimeSpan? retryAfter = null) =>
        new(SendStatus.RetryLater, null, reasonCode, retryAfter);

    /// <summary>A message refused for good.</summary>
    public static SendResult Rejected(string reasonCode) => new(SendStatus.Rejected, null, reasonCode);
}

/// <summary>What became of one push notification.</summary>
public enum PushSendStatus
{
    /// <summary>FCM accepted the message for delivery.</summary>
    Accepted,

    /// <summary>FCM did not take the message now; a later attempt may succeed.</summary>
    RetryLater,

    /// <summary>FCM refused the message for a reason other than the device token.</summary>
    Rejected,

    /// <summary>
    /// The device token is no longer valid (the app was uninstalled, the token expired or was never
    /// valid). The caller removes the device from the citizen's registered devices.
    /// </summary>
    Unregistered,
}

/// <summary>Outcome of a push send.</summary>
/// <param name="Status">Accepted, retry later, rejected, or unregistered.</param>
/// <param name="ProviderMessageId">FCM's message name (<c>projects/{p}/messages/{id}</c>) when accepted.</param>
/// <param name="ReasonCode">For a message not accepted: a stable code such as <c>fcm:UNREGISTERED</c>.</param>
/// <param name="RetryAfter">When FCM said how long to wait, that delay.</param>
public sealed record PushSendResult(PushSendStatus Status, string? ProviderMessageId, string? ReasonCode, TimeSpan? RetryAfter = null)
{
    /// <summary>True when FCM accepted the message.</summary>
    public bool IsAccepted => Status == PushSendStatus.Accepted;

    /// <summary>An accepted message.</summary>
    public static PushSendResult Accepted(string providerMessageId) => new(PushSendStatus.Accepted, providerMessageId, null);

    /// <summary>A message not taken now that may be taken later.</summary>
    public static PushSendResult RetryLater(string reasonCode, TimeSpan? retryAfter = null) =>
        new(PushSendStatus.RetryLater, null, reasonCode, retryAfter);

    /// <summary>A message refused for good.</summary>
    public static PushSendResult Rejected(string reasonCode) => new(PushSendStatus.Rejected, null, reasonCode);

    /// <summary>The device token is dead; remove the device.</summary>
    public static PushSendResult Unregistered(string reasonCode) => new(PushSendStatus.Unregistered, null, reasonCode);

    internal static PushSendResult From(SendResult result) => result.Status switch
    {
        SendStatus.Accepted => Accepted(result.ProviderMessageId ?? string.Empty),
        SendStatus.RetryLater => RetryLater(result.ReasonCode ?? GatewayReasons.ProviderError, result.RetryAfter),
        _ => Rejected(result.ReasonCode ?? GatewayReasons.ProviderError),
    };
}

/// <summary>
/// Reason codes that do not come from a provider. Provider codes are prefixed with the provider:
/// <c>twilio:{code}</c> (https://www.twilio.com/docs/api/errors), <c>fcm:{ErrorCode}</c>
/// (https://firebase.google.com/docs/reference/fcm/rest/v1/ErrorCode), <c>smtp:{reply code}</c>
/// (RFC 5321 §4.2), and <c>{provider}:http_{status}</c> when the provider gave no code.
/// </summary>
public static class GatewayReasons
{
    /// <summary>The recipient is malformed (not E.164, not an email address, empty device token); nothing was sent.</summary>
    public const string InvalidRecipient = "invalid_recipient";

    /// <summary>The message itself is malformed (empty or too long body, reserved data key); nothing was sent.</summary>
    public const string InvalidMessage = "invalid_message";

    /// <summary>The provider did not answer in time; the message may or may not have been taken.</summary>
    public const string Timeout = "timeout";

    /// <summary>The circuit breaker is open after repeated provider failures; nothing was sent.</summary>
    public const string CircuitOpen = "circuit_open";

    /// <summary>Too many sends are already in flight to this provider; nothing was sent.</summary>
    public const string Throttled = "throttled";

    /// <summary>No connection could be made to the provider; nothing was sent.</summary>
    public const string Unreachable = "provider_unreachable";

    /// <summary>The provider answered with something this client cannot interpret.</summary>
    public const string ProviderError = "provider_error";
}
