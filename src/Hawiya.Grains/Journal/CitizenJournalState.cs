using Hawiya.Contracts.Journal;

namespace Hawiya.Grains.Journal;

[GenerateSerializer, Alias("hawiya.CitizenJournalState")]
public sealed class CitizenJournalState
{
    /// <summary>The sequence number of the last entry ever recorded.</summary>
    [Id(0)] public long Last { get; set; }
    /// <summary>The most recent entries, oldest first, at most <see cref="CitizenJournalGrain.Kept"/>.</summary>
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
