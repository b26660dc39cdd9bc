using System.ComponentModel.DataAnnotations;
using Orleans.Configuration;

namespace Hawiya.Server.Hosting;

/// <summary>
/// How fast the cluster declares a lost silo dead, and how long a grain call may wait for its
/// answer (section <c>Hawiya:Cluster:FailureDetection</c>). Until a silo is declared dead, calls to
/// the grains it held fail (503 at the HTTP edge); once it is, those grains activate elsewhere.
/// The defaults are Orleans' own, sized for a data centre, where a probe can be slowed by a busy
/// network or a long GC pause and a false death costs a whole silo's activations. A loopback
/// cluster (Development, the run command) detects a silo's loss in seconds with the values in
/// <c>appsettings.Development.json</c>: docs/reliability.md gives both sets and why.
/// </summary>
public sealed class FailureDetectionSettings
{
    public const string Section = "Hawiya:Cluster:FailureDetection";

    /// <summary>How long a probe of another silo may take before it counts as missed (also the probe period).</summary>
    [Range(typeof(TimeSpan), "00:00:00.200", "00:01:00")] public TimeSpan ProbeTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Probes missed in a row before a silo suspects another and votes it dead.</summary>
    [Range(1, 10)] public int MissedProbesLimit { get; set; } = 3;

    /// <summary>Suspicions needed to declare a silo dead (capped by Orleans at the number of live silos).</summary>
    [Range(1, 10)] public int VotesForDeathDeclaration { get; set; } = 2;

    /// <summary>How long a vote counts; older votes are forgotten.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")] public TimeSpan DeathVoteExpiration { get; set; } = TimeSpan.FromSeconds(120);

    /// <summary>How often each silo reads the membership table, besides what gossip tells it.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")] public TimeSpan TableRefresh { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How long a grain call waits for its answer before it fails with a timeout (503 at the HTTP edge).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")] public TimeSpan CallTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long a request that may run twice makes its grain calls again after they met a lost or
    /// stopping silo (<see cref="SiloLossRetry"/>): a little more than the time the cluster takes to
    /// declare a silo dead, so that the last attempt reaches a live one.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:05:00")] public TimeSpan RetryWindow { get; set; } = TimeSpan.FromSeconds(20);

    internal void ApplyTo(ClusterMembershipOptions membership)
    {
        membership.ProbeTimeout = ProbeTimeout;
        membership.NumMissedProbesLimit = MissedProbesLimit;
        membership.NumVotesForDeathDeclaration = VotesForDeathDeclaration;
        membership.DeathVoteExpirationTimeout = DeathVoteExpiration;
        membership.TableRefreshTimeout = TableRefresh;
    }
}
