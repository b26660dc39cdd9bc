namespace Hawiya.Gateways.Push;

/// <summary>Sends push notifications (login approvals, identity-use alerts) to a citizen's registered app.</summary>
public interface IPushGateway
{
    /// <summary>
    /// Sends one notification. Never throws for a provider failure. A result of
    /// <see cref="PushSendStatus.Unregistered"/> means the caller removes the device token from the
    /// citizen's devices.
    /// </summary>
    Task<PushSendResult> SendAsync(PushMessage message, CancellationToken cancellationToken = default);
}

/// <summary>One push notification.</summary>
/// <param name="DeviceToken">The FCM registration token of the citizen's app instance.</param>
/// <param name="Title">Notification title shown by the OS.</param>
/// <param name="Body">Notification text shown by the OS.</param>
/// <param name="Data">Key-value payload for the app (challenge id, number to match); values are strings.</param>
/// <param name="TimeToLive">How long FCM keeps it for an offline device; null takes the configured default.</param>
/// <param name="CorrelationId">An id the caller can log, never personal data.</param>
public sealed record PushMessage(
    string DeviceToken,
    string Title,
    string Body,
    IReadOnlyDictionary<string, string>? Data = null,
    TimeSpan? TimeToLive = null,
    string? CorrelationId = null)
{
    /// <summary>FCM's longest time to live: four weeks (https://firebase.google.com/docs/reference/fcm/rest/v1/ErrorCode).</summary>
    public static readonly TimeSpan MaxTimeToLive = TimeSpan.FromDays(28);

    /// <summary>The local reason this message cannot be sent, or null when it can.</summary>
    public string? Problem()
    {
        if (string.IsNullOrWhiteSpace(DeviceToken) || DeviceToken.Length > 4096)
        {
            return GatewayReasons.InvalidRecipient;
        }

        if (TimeToLive is { } ttl && (ttl < TimeSpan.Zero || ttl > MaxTimeToLive))
        {
            return GatewayReasons.InvalidMessage;
        }

        return Data is not null && Data.Keys.Any(IsReservedDataKey) ? GatewayReasons.InvalidMessage : null;
    }

    /// <summary>
    /// Keys FCM reserves for itself: "from", "message_type", and anything starting with "google" or
    /// "gcm" (https://firebase.google.com/docs/cloud-messaging/concept-options#data_messages).
    /// </summary>
    public static bool IsReservedDataKey(string key) =>
        string.IsNullOrEmpty(key)
        || key is "from" or "message_type"
        || key.StartsWith("google", StringComparison.Ordinal)
        || key.StartsWith("gcm", StringComparison.Ordinal);
}
