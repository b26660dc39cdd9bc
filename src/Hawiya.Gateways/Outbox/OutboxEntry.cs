namespace Hawiya.Gateways.Outbox;

/// <summary>The channel a development-outbox message was sent on.</summary>
public enum OutboxChannel
{
    /// <summary>Text message; recipient is the E.164 number.</summary>
    Sms,

    /// <summary>Push notification; recipient is the device token.</summary>
    Push,

    /// <summary>Email; recipient is the address (matched case-insensitively).</summary>
    Email,
}

/// <summary>A message the development outbox kept instead of delivering.</summary>
/// <param name="MessageId">Id returned as the provider message id.</param>
/// <param name="Channel">SMS, push or email.</param>
/// <param name="Recipient">Phone number, device token or email address.</param>
/// <param name="Subject">Email subject or push title; null for SMS.</param>
/// <param name="Body">The text, exactly as a real provider would have received it.</param>
/// <param name="Data">Push data payload; empty otherwise.</param>
/// <param name="CorrelationId">The caller's correlation id.</param>
/// <param name="SentAt">When it was sent.</param>
/// <param name="ExpiresAt">When the outbox forgets it.</param>
public sealed record OutboxEntry(
    string MessageId,
    OutboxChannel Channel,
    string Recipient,
    string? Subject,
    string Body,
    IReadOnlyDictionary<string, string> Data,
    string? CorrelationId,
    DateTimeOffset SentAt,
    DateTimeOffset ExpiresAt);
