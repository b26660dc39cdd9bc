using System.Collections.Concurrent;
using Hawiya.Contracts.Common;
using Hawiya.Contracts.Providers;
using Microsoft.Extensions.Options;

namespace Hawiya.Server.Oidc.Endpoints;

/// <summary>
/// This silo's copy of each accredited provider's snapshot, kept for
/// <see cref="OidcSettings.ProviderSnapshotLifetime"/> (one second by default). At a peak every
/// login asks for the same few providers at each OpenIddict request (authorization, token,
/// userinfo), and all of those calls would queue at one grain per provider: a tax office's
/// grain would answer five calls per login of the whole country.
/// SECURITY: a change made through this silo (suspension, new secret or keys, redirect URIs) is
/// seen here at once: <see cref="ForgetOnChange"/> drops the copy as soon as any call that
/// changes a provider returns. Other silos see it when their copy expires, within the lifetime.
/// Only accredited providers are kept, so unknown client ids, however many, add nothing here.
/// </summary>
public sealed class ProviderSnapshots(GrainRef<IServiceProviderGrain> grains, ProviderSnapshots.Copies copies, IOptions<OidcSettings> settings, TimeProvider time)
{
    private readonly TimeSpan _lifetime = settings.Value.ProviderSnapshotLifetime;

    public Task<ProviderSnapshot> GetAsync(string clientId) => copies.Find(clientId, time.GetUtcNow()) ?? ReadAsync(clientId);

    private async Task<ProviderSnapshot> ReadAsync(string clientId)
    {
        var changes = copies.Changes;
        // Counted from before the read: a copy is never kept longer than the lifetime after the grain answered it.
        var until = time.GetUtcNow() + _lifetime;
        var snapshot = await grains.Get(clientId).GetAsync();
        if (snapshot.IsAccredited && _lifetime > TimeSpan.Zero)
        {
            copies.Keep(clientId, snapshot, until, changes);
        }
        else
        {
            copies.Forget(clientId);
        }

        return snapshot;
    }

    /// <summary>
    /// The copies themselves, apart from the reads: the filter that drops them runs inside every
    /// grain call, so it may depend on nothing that makes grain calls.
    /// </summary>
    public sealed class Copies
    {
        private readonly ConcurrentDictionary<string, Kept> _kept = new(StringComparer.Ordinal);
        private long _changes;

        /// <summary>How many changes this silo has seen; a read keeps its answer only if none landed meanwhile.</summary>
        public long Changes => Volatile.Read(ref _changes);

        public Task<ProviderSnapshot>? Find(string clientId, DateTimeOffset now) =>
            _kept.TryGetValue(clientId, out var kept) && now < kept.Until ? kept.Snapshot : null;

        public void Keep(string clientId, ProviderSnapshot snapshot, DateTimeOffset until, long changesBeforeRead)
        {
            var kept = new Kept(Task.FromResult(snapshot), until);
            _kept[clientId] = kept;
            // A change that landed while the read was on its way: its answer may be the old one.
            if (Changes != changesBeforeRead)
            {
                _kept.TryRemove(KeyValuePair.Create(clientId, kept));
            }
        }

        /// <summary>Drops this silo's copy: the next request reads the grain.</summary>
        public void Forget(string clientId)
        {
            Interlocked.Increment(ref _changes);
            _kept.TryRemove(clientId, out _);
        }

        private sealed record Kept(Task<ProviderSnapshot> Snapshot, DateTimeOffset Until);
    }

    /// <summary>
    /// Every grain call made on this silo that changes a provider (any method of
    /// <see cref="IServiceProviderGrain"/> but its read) drops this silo's copy once it returns,
    /// whoever made it: the operator API, seeding, tests.
    /// </summary>
    public sealed class ForgetOnChange(Copies copies) : IOutgoingGrainCallFilter
    {
        private static readonly string Interface = typeof(IServiceProviderGrain).FullName!;

        public async Task Invoke(IOutgoingGrainCallContext context)
        {
            if (context.InterfaceName != Interface || context.MethodName == nameof(IServiceProviderGrain.GetAsync))
            {
                await context.Invoke();
                return;
            }

            try
            {
                await context.Invoke();
            }
            finally
            {
                copies.Forget(context.TargetId.Key.ToString());
            }
        }
    }
}
