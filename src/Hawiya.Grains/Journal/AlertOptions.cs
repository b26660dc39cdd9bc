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
