using System.Collections.Concurrent;
using Hawiya.Contracts.Traffic;

namespace Hawiya.Server.Traffic;

/// <summary>This silo's counts, kept locally and reported to the cluster view periodically.</summary>
public sealed class TrafficStats(TimeProvider time)
{
    private readonly ConcurrentDictionary<string, ProviderCounts> _providers = new(StringComparer.Ordinal);
    private long _shed;

    public long Shed => Interlocked.Read(ref _shed);

    public void CountShed() => Interlocked.Increment(ref _shed);

    public void CountAdmitted(string clientId) => Counts(clientId)?.Admit(time.GetTimestamp(), time);

    public void CountRejected(string clientId)
    {
        if (Counts(clientId) is { } counts)
        {
            Interlocked.Increment(ref counts.Rejected);
        }
    }

    public ProviderTraffic[] Snapshot() => _providers
        .Select(p => new ProviderTraffic
        {
            ClientId = p.Key,
            RequestsPerSecond = p.Value.LastSecond(time.GetTimestamp(), time),
            Admitted = Interlocked.Read(ref p.Value.Admitted),
            Rejected = Interlocked.Read(ref p.Value.Rejected),
        })
        .OrderBy(p => p.ClientId, StringComparer.Ordinal)
        .ToArray();

    private ProviderCounts? Counts(string clientId) =>
        _providers.TryGetValue(clientId, out var counts) ? counts
        : _providers.Count < ProviderQuotas.MaxTracked ? _providers.GetOrAdd(clientId, _ => new ProviderCounts(time.GetTimestamp()))
        : null;

    /// <summary>Totals, and a rate over whole seconds: the count of the last second completed.</summary>
    private sealed class ProviderCounts(long origin)
    {
        private readonly Lock _gate = new();
        private long _second;
        private long _current;
        private long _previous;
        public long Admitted;
        public long Rejected;

        public void Admit(long now, TimeProvider time)
        {
            Interlocked.Increment(ref Admitted);
            lock (_gate)
            {
                Roll(now, time);
                _current++;
            }
        }

        public double LastSecond(long now, TimeProvider time)
        {
            lock (_gate)
            {
                Roll(now, time);
                return _previous;
            }
        }

        private void Roll(long now, TimeProvider time)
        {
            var second = (long)time.GetElapsedTime(origin, now).TotalSeconds;
            if (second == _second)
            {
                return;
            }

            _previous = second == _second + 1 ? _current : 0;
            _current = 0;
            _second = second;
        }
    }
}
