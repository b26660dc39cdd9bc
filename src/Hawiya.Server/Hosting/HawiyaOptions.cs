using System.ComponentModel.DataAnnotations;
using Npgsql;

namespace Hawiya.Server.Hosting;

/// <summary>Where this silo sits in the cluster (section <c>Hawiya:Cluster</c>).</summary>
public sealed class ClusterSettings
{
    public const string Section = "Hawiya:Cluster";

    [Required] public string ClusterId { get; set; } = "hawiya";
    [Required] public string ServiceId { get; set; } = "hawiya";
    [Range(1, 65535)] public int SiloPort { get; set; } = 11111;
    [Range(1, 65535)] public int GatewayPort { get; set; } = 30000;
    /// <summary>The address other silos reach this one at.</summary>
    [Required] public string AdvertisedAddress { get; set; } = "127.0.0.1";
    /// <summary>A name shown in the cluster view; defaults to the machine name and port (the pod's name under Kubernetes).</summary>
    public string? SiloName { get; set; }
    /// <summary>Orleans' Kubernetes hosting on or off; unset, on inside a pod (see <see cref="KubernetesHosting"/>).</summary>
    public bool? Kubernetes { get; set; }
}

/// <summary>PostgreSQL for clustering, grain storage and reminders (section <c>Hawiya:Database</c>).</summary>
public sealed class DatabaseSettings
{
    public const string Section = "Hawiya:Database";

    [Required] public string ConnectionString { get; set; } = string.Empty;
    /// <summary>Apply <c>infra/db</c> at start (idempotent, serialised across silos by an advisory lock).</summary>
    public bool ApplySchemaOnStart { get; set; } = true;
    /// <summary>
    /// Statements each pooled connection keeps prepared once used often (0: none). The storage,
    /// clustering and reminder queries are a handful of fixed texts, so preparing them saves
    /// parsing and planning on every call.
    /// </summary>
    [Range(0, 256)] public int MaxAutoPrepare { get; set; } = 20;

    /// <summary>
    /// The connection string every part of the silo opens: the configured one, with the pool
    /// tuned for the platform's traffic. Connections are not reset when they return to the pool:
    /// the silo never leaves session state on one (no <c>SET</c>, temporary table, <c>LISTEN</c>
    /// or session-level lock; schema changes take a transaction-scoped lock), and the reset's
    /// <c>DISCARD ALL</c> would throw away the prepared statements and the plans PL/pgSQL caches
    /// for the storage functions, so every storage call would be parsed and planned again.
    /// </summary>
    public string PooledConnectionString() =>
        new NpgsqlConnectionStringBuilder(ConnectionString)
        {
            NoResetOnClose = true,
            MaxAutoPrepare = MaxAutoPrepare,
        }.ConnectionString;
}

/// <summary>Platform secrets (section <c>Hawiya:Secrets</c>); never in the repository except marked development defaults.</summary>
public sealed class SecretSettings
{
    public const string Section = "Hawiya:Secrets";

    /// <summary>Key of the keyed hash that turns national and card numbers into grain keys (base64, ≥ 256 bits).</summary>
    [Required] public string PseudonymKey { get; set; } = string.Empty;
    /// <summary>Bearer token (or Basic password for user "operator") of the operator API.</summary>
    [Required, MinLength(16)] public string OperatorToken { get; set; } = string.Empty;

    /// <summary>Key that seals citizens' pivot identities at rest (base64, ≥ 256 bits).</summary>
    [Required] public string IdentitySealKey { get; set; } = string.Empty;
}
