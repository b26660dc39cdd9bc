using System.Collections.Concurrent;
using Hawiya.Contracts.Providers;
using Microsoft.Extensions.Options;

namespace Hawiya.Server.Traffic;

/// <summary>
/// Each provider's quota, enforced by this silo alone with a token bucket holding its share:
/// the provider's rate and burst divided by the number of active silos. No grain is called per
/// request: the quota is read from the provider's grain in the background, at most every
/// <see cref="TrafficSettings.QuotaRefresh"/>, and a request never waits for it.
/// </summary>
/// <remarks>
/// Error bound: with requests spread evenly over the silos (the load balancer's job) the
/// cluster admits the quota; spread unevenly, a provider gets between 1/N of its quota (all its
/// traffic on one silo of N) and all of it, never more. A quota change or a silo joining or
/// leaving is applied within one refresh interval. Until a silo has read a provider's quota
/// (its first request, for the time of one grain call) that provider is not limited there.
/// A provider without a quota is not limited per provider; overload protection still applies.
/// </remarks>
public sealed class ProviderQuotas(IGrainFactory grains, IOptions<TrafficSettings> settings, TimeProvider time, Func<int> activeSilos)
{
    /// <summary>How many providers one silo tracks: client ids come from requests, so they are bounded.</summary>
    public const int MaxTracked = 10_000;

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    /// <summary>Admits a request of <paramref name="clientId"/>, or says when to retry.</summary>
    public bool TryAdmit(string clientId, out TimeSpan retryAfter)
    {
        retryAfter = TimeSpan.Zero;
        if (!_entries.TryGetValue(clientId, out var entry))
        {
            if (_entries.Count >= MaxTracked || !ClientIds.IsValid(clientId))
            {
                return true;
            }

            entry = _entries.GetOrAdd(clientId, _ => new Entry());
        }

        if (time.GetUtcNow() >= entry.RefreshAt && Interlocked.CompareExchange(ref entry.Refreshing, 1, 0) == 0)
        {
            _ = RefreshAsync(clientId, entry);
        }

        return entry.Bucket is not { } bucket || bucket.TryTake(out retryAfter);
    }

    /// <summary>Reads the provider's quota now (tests and warm-up); requests never wait for this.</summary>
    public Task LoadAsync(string clientId) => RefreshAsync(clientId, _entries.GetOrAdd(clientId, _ => new Entry()));

    /// <summary>A provider's share on one silo of <paramref name="silos"/>: at least one request of burst, so none is starved.</summary>
    public static (double Rate, double Burst) PerSilo(ProviderQuota quota, int silos)
    {
        ArgumentNullException.ThrowIfNull(quota);
        silos = Math.Max(1, silos);
        return (quota.RequestsPerSecond / silos, Math.Max(1.0, (double)quota.Burst / silos));
    }

    private async Task RefreshAsync(string clientId, Entry entry)
    {
        try
        {
            var provider = await grains.GetGrain<IServiceProviderGrain>(clientId).GetAsync();
            if (provider.Registration?.Quota is not { } quota)
            {
                entry.Bucket = null;
            }
            else
            {
                var (rate, burst) = PerSilo(quota, activeSilos());
                entry.Bucket = entry.Bucket is { } current
                    ? (current.RatePerSecond == rate && current.Burst == burst ? current : current.Resize(rate, burst))
                    : new TokenBucket(rate, burst, time);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Keep the last known quota; try again at the next refresh.
        }
        finally
        {
            entry.RefreshAt = time.GetUtcNow() + settings.Value.QuotaRefresh;
            Volatile.Write(ref entry.Refreshing, 0);
        }
    }

    private sealed class Entry
    {
        public volatile TokenBucket? Bucket;
        public DateTimeOffset RefreshAt = DateTimeOffset.MinValue;
        public int Refreshing;
    }
}
