using System.ComponentModel.DataAnnotations;

namespace Hawiya.Server.Traffic;

/// <summary>Traffic control (section <c>Hawiya:Traffic</c>). Provider quotas themselves are in each provider's registration.</summary>
public sealed class TrafficSettings
{
    public const string Section = "Hawiya:Traffic";

    /// <summary>Requests this silo serves at once before it sheds new work with 503.</summary>
    [Range(1, 100_000)] public int MaxConcurrentRequests { get; set; } = 512;

    /// <summary>
    /// Of <see cref="MaxConcurrentRequests"/>, the slots only logins past identification (and the
    /// redemption of their codes) may take: new logins are shed first, logins under way last.
    /// </summary>
    [Range(0, 100_000)] public int PriorityReserve { get; set; } = 128;

    /// <summary>How often a silo re-reads a provider's quota from its grain.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")] public TimeSpan QuotaRefresh { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often a silo reports its counts to the cluster view.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")] public TimeSpan ReportInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The Retry-After (seconds) of a shed request.</summary>
    [Range(1, 3600)] public int ShedRetryAfterSeconds { get; set; } = 1;
}
