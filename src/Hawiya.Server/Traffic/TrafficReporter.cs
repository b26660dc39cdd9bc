using Hawiya.Contracts.Traffic;
using Microsoft.Extensions.Options;

namespace Hawiya.Server.Traffic;

/// <summary>Sends this silo's counts to the cluster view every <see cref="TrafficSettings.ReportInterval"/>: one grain call per silo, never per request.</summary>
public sealed class TrafficReporter(IGrainFactory grains, TrafficStats stats, ILocalSiloDetails silo, IOptions<TrafficSettings> settings, TimeProvider time) : BackgroundService
{
    public Task ReportNowAsync() => grains.GetGrain<ITrafficStatsGrain>(0).ReportAsync(new SiloTraffic
    {
        Silo = silo.Name,
        At = time.GetUtcNow(),
        Shed = stats.Shed,
        Providers = stats.Snapshot(),
    });

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(settings.Value.ReportInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await ReportNowAsync();
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The view misses one report; the next one carries the totals.
            }
        }
    }
}
