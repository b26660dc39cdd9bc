using Hawiya.Contracts.Common;

namespace Hawiya.Contracts.Journal;

/// <summary>
/// One per citizen (key: the citizen's pseudonymous key): every use of the identity and every
/// security event, newest last, durable before <see cref="RecordAsync"/> returns. It is what
/// the citizen's activity page reads and what alerts are raised from.
/// </summary>
[Alias("hawiya.ICitizenJournalGrain")]
public interface ICitizenJournalGrain : IGrainWithStringKey
{
    /// <summary>Appends <paramref name="entry"/> and returns its sequence number (1, 2, …).</summary>
    [Alias("Record")]
    Task<long> RecordAsync(JournalEvent entry);

    /// <summary>Up to <paramref name="count"/> entries older than <paramref name="before"/> (all when null), newest first.</summary>
    [Alias("List")]
    Task<JournalPage> ListAsync(long? before, int count);

    /// <summary>
    /// Records a use of the identity together with its signed receipt, chained to the
    /// citizen's previous receipt, in one storage write; returns the receipt id.
    /// </summary>
    [Alias("RecordUse")]
    Task<string> RecordUseAsync(JournalEvent entry, ReceiptRequest receipt);

    /// <summary>The receipt (compact JWS) with this id, if it is still kept.</summary>
    [Alias("GetReceipt")]
    Task<string?> GetReceiptAsync(string receiptId);

    /// <summary>The receipts still kept, oldest first: a chain the verifier can check as it is.</summary>
    [Alias("ListReceipts")]
    Task<StoredReceipt[]> ListReceiptsAsync();

    /// <summary>Alerts not yet sent (coalesced bursts included), oldest first.</summary>
    [Alias("GetPendingAlerts")]
    Task<PendingAlert[]> GetPendingAlertsAsync();

    /// <summary>Outcome of sending alerts, reported by the sender.</summary>
    [Alias("ReportAlerts")]
    Task ReportAlertsAsync(AlertAttempt[] attempts);

    [Alias("GetAlertPreferences")]
    Task<AlertPreferences> GetAlertPreferencesAsync();

    [Alias("SetAlertPreferences")]
    Task SetAlertPreferencesAsync(AlertPreferences preferences);
}

/// <summary>How the citizen is told of each kind of event. Numeric values are persisted.</summary>
[GenerateSerializer, Alias("hawiya.AlertChannel")]
public enum AlertChannel
{
    /// <summary>To the citizen's app, if a device is enrolled; else by SMS.</summary>
    Push = 0,
    Sms = 1,
    Email = 2,
    /// <summary>Recorded in the activity only (not allowed for security events).</summary>
    None = 3,
}

/// <summary>The channel per topic of alert: uses of the identity, new methods, card status.</summary>
[GenerateSerializer, Immutable, Alias("hawiya.AlertPreferences")]
public sealed record AlertPreferences
{
    [Id(0)] public AlertChannel Use { get; init; } = AlertChannel.Push;
    [Id(1)] public AlertChannel NewMethod { get; init; } = AlertChannel.Push;
    [Id(2)] public AlertChannel CardStatus { get; init; } = AlertChannel.Push;
}

/// <summary>What happened to a citizen's identity. Numeric values are persisted: never renumber.</summary>
[GenerateSerializer, Alias("hawiya.JournalEventKind")]
public enum JournalEventKind
{
    /// <summary>The identity was used to log in at a provider.</summary>
    Use = 0,
    MethodEnabled = 1,
    MethodDisabled = 2,
    /// <summary>A phone number, email address or device was enrolled.</summary>
    MethodEnrolled = 3,
    CardStatusChanged = 4,
    Frozen = 5,
    Unfrozen = 6,
    Activated = 7,
    Deactivated = 8,
    ConsentRevoked = 9,
    /// <summary>The citizen denied a push on their device and reported it.</summary>
    PushDenied = 10,
    /// <summary>Too many pushes asked in a short time: further ones were throttled.</summary>
    PushThrottled = 11,
    /// <summary>A method was locked after repeated failures.</summary>
    LockedOut = 12,
}

[GenerateSerializer, Immutable, Alias("hawiya.JournalEvent")]
public sealed record JournalEvent
{
    [Id(0)] public required JournalEventKind Kind { get; init; }
    [Id(1)] public required DateTimeOffset At { get; init; }
    /// <summary>The provider concerned, for uses and consents.</summary>
    [Id(2)] public string? ClientId { get; init; }
    [Id(3)] public LevelOfAssurance? Level { get; init; }
    [Id(4)] public AuthMethod[] Methods { get; init; } = [];
    /// <summary>Names of the claims released to the provider (never their values).</summary>
    [Id(5)] public string[] ReleasedClaims { get; init; } = [];
    /// <summary>The signed receipt of this authentication, when one was issued.</summary>
    [Id(6)] public string? ReceiptId { get; init; }
    /// <summary>Where it happened, when known (a city from the IP address, a counter's name).</summary>
    [Id(7)] public string? Place { get; init; }
    /// <summary>A short, non-personal detail (a method name, a card status, a device label).</summary>
    [Id(8)] public string? Detail { get; init; }
    /// <summary>The receipt itself (compact JWS), kept for the most recent receipts only.</summary>
    [Id(60)] public string? Receipt { get; init; }
}

/// <summary>What the login flow knows of an authentication for its receipt.</summary>
[GenerateSerializer, Immutable, Alias("hawiya.ReceiptRequest")]
public sealed record ReceiptRequest
{
    /// <summary>The login session; the receipt id starts with it so that a receipt can be found from its id.</summary>
    [Id(0)] public required string SessionId { get; init; }
    [Id(1)] public required string Issuer { get; init; }
    [Id(2)] public required string Subject { get; init; }
    [Id(3)] public required string Acr { get; init; }
    [Id(4)] public required string[] Amr { get; init; }
    [Id(5)] public required string ClaimsDigest { get; init; }
}

[GenerateSerializer, Immutable, Alias("hawiya.StoredReceipt")]
public sealed record StoredReceipt
{
    [Id(0)] public required string ReceiptId { get; init; }
    [Id(1)] public required string ClientId { get; init; }
    [Id(2)] public required DateTimeOffset At { get; init; }
    /// <summary>The compact JWS.</summary>
    [Id(3)] public required string Receipt { get; init; }
}

public static class ReceiptIds
{
    /// <summary>The login session a receipt id belongs to (<c>{session}.r{random}</c>).</summary>
    public static string? SessionOf(string receiptId) =>
        receiptId.IndexOf(".r", StringComparison.Ordinal) is > 0 and var dot ? receiptId[..dot] : null;
}

[GenerateSerializer, Immutable, Alias("hawiya.JournalEntry")]
public sealed record JournalEntry([property: Id(0)] long Sequence, [property: Id(1)] JournalEvent Event);

[GenerateSerializer, Immutable, Alias("hawiya.JournalPage")]
public sealed record JournalPage
{
    [Id(0)] public required JournalEntry[] Entries { get; init; }
    /// <summary>Pass as <c>before</c> for the next (older) page; null when there is none.</summary>
    [Id(1)] public long? Next { get; init; }
}
