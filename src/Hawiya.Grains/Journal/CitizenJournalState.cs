using Hawiya.Contracts.Journal;

namespace Hawiya.Grains.Journal;

/// <summary>
/// The journal's head (state <c>journal</c>): what a login changes, written on every record.
/// Older entries are in <see cref="CitizenJournalArchiveState"/>.
/// </summary>
[GenerateSerializer, Alias("hawiya.CitizenJournalState")]
public sealed class CitizenJournalState
{
    /// <summary>The sequence number of the last entry ever recorded.</summary>
    [Id(0)] public long Last { get; set; }
    /// <summary>
    /// The most recent entries, oldest first, at most <see cref="CitizenJournalGrain.RecentKept"/> once
    /// stored. A journal stored before the archive existed holds all its entries here until its next activation.
    /// </summary>
    [Id(1)] public List<JournalEntry> Entries { get; set; } = [];
    [Id(2)] public AlertPreferences Preferences { get; set; } = new();
    /// <summary>Digest of the citizen's last receipt: the next receipt links to it.</summary>
    [Id(60)] public string? LastReceiptDigest { get; set; }
    /// <summary>Open coalescing windows, by key (a provider for uses, a kind for security events).</summary>
    [Id(61)] public Dictionary<string, AlertWindowState> Windows { get; set; } = new(StringComparer.Ordinal);
    /// <summary>Alerts decided but not yet acknowledged by a gateway.</summary>
    [Id(62)] public List<PendingAlert> Outbox { get; set; } = [];
    [Id(63)] public long LastAlertId { get; set; }
    [Id(64)] public bool ReminderRegistered { get; set; }
}

/// <summary>
/// The journal's older entries (state <c>journal-archive</c>), written only when the head's
/// recent entries overflow.
/// </summary>
[GenerateSerializer, Alias("hawiya.CitizenJournalArchiveState")]
public sealed class CitizenJournalArchiveState
{
    /// <summary>
    /// Oldest first. An entry whose sequence is not below the head's first is a copy left when the
    /// silo stopped between the archive write and the head write: it is read from the head.
    /// </summary>
    [Id(0)] public List<JournalEntry> Entries { get; set; } = [];
}

[GenerateSerializer, Alias("hawiya.AlertWindowState")]
public sealed class AlertWindowState
{
    [Id(0)] public DateTimeOffset OpenedAt { get; set; }
    /// <summary>Events in this window not yet told (the first one was told when the window opened).</summary>
    [Id(1)] public int Suppressed { get; set; }
    [Id(2)] public DateTimeOffset FirstSuppressedAt { get; set; }
    [Id(3)] public DateTimeOffset LastSuppressedAt { get; set; }
    [Id(4)] public JournalEvent? Last { get; set; }
    [Id(5)] public AlertChannel Channel { get; set; }
}
