using Hawiya.Contracts.Traffic;

namespace Hawiya.Grains.Traffic;

/// <summary>Keeps the latest report of each silo in memory; a silo that stops reporting ages out.</summary>
public sealed class TrafficStatsGrain(TimeProvider time) : Grain, ITrafficStatsGrain
{
    private readonly Dictionary<string, SiloTraffic> _reports = new(StringComparer.Ordinal);

    public Task ReportAsync(SiloTraffic report)
    {
        ArgumentNullException.ThrowIfNull(report);
        _reports[report.Silo] = report;
        return Task.CompletedTask;
    }

    public Task<SiloTraffic[]> ListAsync(TimeSpan maxAge)
    {
        var since = time.GetUtcNow() - maxAge;
        foreach (var stale in _reports.Values.Where(r => r.At < since).Select(r => r.Silo).ToArray())
        {
            _reports.Remove(stale);
        }

        return Task.FromResult(_reports.Values.OrderBy(r => r.Silo, StringComparer.Ordinal).ToArray());
    }
}
