using System.Collections.Concurrent;
using Hawiya.Contracts.Abuse;

namespace Hawiya.Server.Abuse;

/// <summary>
/// Cluster-wide budgets that every send checks (per provider, per country) without a grain call
/// per send: each silo leases a block of sends from the budget grain and spends it locally.
/// </summary>
/// <remarks>
/// A lease is counted as spent by the grain when it is granted, so the cluster never sends more
/// than the budget; what a silo still holds when the window closes is lost, so the cluster may
/// send fewer, by at most (silos × lease size) per window. The lease is at most a twentieth of
/// the budget, and a silo that was refused asks again only when the window has closed.
/// </remarks>
public sealed class BudgetLeases(IGrainFactory grains, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, Lease> _leases = new(StringComparer.Ordinal);

    public async ValueTask<bool> TryTakeAsync(string budgetKey, Budget budget, int leaseSize)
    {
        var lease = _leases.GetOrAdd(budgetKey, _ => new Lease());
        if (lease.TryTake(time.GetUtcNow(), out var exhausted) || exhausted)
        {
            return !exhausted;
        }

        await lease.Refill.WaitAsync();
        try
        {
            if (lease.TryTake(time.GetUtcNow(), out exhausted) || exhausted)
            {
                return !exhausted;
            }

            var size = Math.Clamp(budget.Limit / 20, 1, leaseSize);
            var grant = await grains.GetGrain<ISendBudgetGrain>(budgetKey).TakeAsync(size, budget.Limit, budget.Window);
            return lease.Add(grant);
        }
        finally
        {
            lease.Refill.Release();
        }
    }

    private sealed class Lease
    {
        private readonly Lock _lock = new();
        private int _remaining;
        private DateTimeOffset _until = DateTimeOffset.MinValue;
        private bool _exhausted;

        public SemaphoreSlim Refill { get; } = new(1, 1);

        /// <summary>Takes one send; <paramref name="exhausted"/> says the budget refused this window already.</summary>
        public bool TryTake(DateTimeOffset now, out bool exhausted)
        {
            lock (_lock)
            {
                if (now >= _until)
                {
                    _remaining = 0;
                    _exhausted = false;
                }

                exhausted = _exhausted;
                if (_remaining > 0)
                {
                    _remaining--;
                    return true;
                }

                return false;
            }
        }

        /// <summary>Keeps a fresh grant, minus the send it was asked for.</summary>
        public bool Add(BudgetGrant grant)
        {
            lock (_lock)
            {
                _until = grant.WindowEndsAt;
                _exhausted = grant.Granted == 0;
                _remaining = Math.Max(0, grant.Granted - 1);
                return grant.Granted > 0;
            }
        }
    }
}
