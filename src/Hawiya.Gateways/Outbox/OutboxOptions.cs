using System.ComponentModel.DataAnnotations;

namespace Hawiya.Gateways.Outbox;

/// <summary>Development outbox settings (section <c>Gateways:Outbox</c>).</summary>
public sealed class OutboxOptions
{
    /// <summary>Configuration section.</summary>
    public const string SectionName = "Gateways:Outbox";

    /// <summary>Messages kept per channel; the oldest go first. Bounded so a load test cannot exhaust memory.</summary>
    [Range(1, 10_000_000)]
    public int CapacityPerChannel { get; set; } = 100_000;

    /// <summary>How long a message stays readable; OTPs are useless after a few minutes anyway.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan Retention { get; set; } = TimeSpan.FromMinutes(30);
}
