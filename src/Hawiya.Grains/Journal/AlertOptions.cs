namespace Hawiya.Grains.Journal;

/// <summary>Alert delivery (section <c>Hawiya:Alerts</c>).</summary>
public sealed class AlertOptions
{
    public const string Section = "Hawiya:Alerts";

    /// <summary>
    /// At most one alert per provider (uses) or per kind (security events) in this window; what
    /// happens meanwhile is counted and told in one alert when the window closes.
    /// </summary>
    public TimeSpan CoalescingWindow { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Attempts before an alert is given up (a gateway that keeps refusing, say).</summary>
    public int MaxAttempts { get; set; } = 8;
}

[GenerateSerializer, Alias("hawiya.AlertWindowState")]
public sealed class AlertWindowState
{
    [Id(0)] public DateTimeOffset OpenedAt { get; set; }
    /// <summary>Events in this window not yet told (the first one was told when the window opened).</summary>
    [Id(1)] public int Suppressed { get; set; }
    [Id(2)] public DateTimeOffset FirstSuppressedAt { get; set; }
    [Id(3)] public DateTimeOffset LastSuppressedAt { get; set; }
    [Id(4)] public Contracts.Journal.JournalEvent? Last { get; set; }
    [Id(5)] public Contracts.Journal.AlertChannel Channel { get; set; }
}
