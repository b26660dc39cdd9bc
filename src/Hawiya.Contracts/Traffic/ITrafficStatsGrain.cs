namespace Hawiya.Contracts.Traffic;

/// <summary>
/// The cluster's traffic as each silo last reported it (key 0). Each silo reports every few
/// seconds, never per request; the numbers live in memory only: they are a view, not a record.
/// </summary>
[Alias("hawiya.ITrafficStatsGrain")]
public interface ITrafficStatsGrain : IGrainWithIntegerKey
{
    [Alias("Report")]
    Task ReportAsync(SiloTraffic report);

    /// <summary>The latest report of each silo heard from within <paramref name="maxAge"/>.</summary>
    [Alias("List")]
    Task<SiloTraffic[]> ListAsync(TimeSpan maxAge);
}

[GenerateSerializer, Immutable, Alias("hawiya.SiloTraffic")]
public sealed record SiloTraffic
{
    [Id(0)] public required string Silo { get; init; }
    [Id(1)] public required DateTimeOffset At { get; init; }
    /// <summary>Requests refused with 503 since the silo started, because it was saturated.</summary>
    [Id(2)] public required long Shed { get; init; }
    [Id(3)] public required ProviderTraffic[] Providers { get; init; }
}

[GenerateSerializer, Immutable, Alias("hawiya.ProviderTraffic")]
public sealed record ProviderTraffic
{
    [Id(0)] public required string ClientId { get; init; }
    /// <summary>Requests admitted in the last whole second.</summary>
    [Id(1)] public required double RequestsPerSecond { get; init; }
    /// <summary>Requests admitted since the silo started.</summary>
    [Id(2)] public required long Admitted { get; init; }
    /// <summary>Requests refused with 429 since the silo started.</summary>
    [Id(3)] public required long Rejected { get; init; }
}
