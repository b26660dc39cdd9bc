using System.Collections.Concurrent;
using Hawiya.Contracts.Scopes;
using Hawiya.Server.Oidc.Release;

namespace Hawiya.Server.Oidc.Stores;

/// <summary>
/// The scopes' descriptions as the consent page shows them, kept by each silo for
/// <see cref="Lifetime"/>: a first-time login's consent page otherwise reads one scope grain per
/// scope asked for. A description changed through this silo is seen at once; through another,
/// within the lifetime. Only display text is kept; which claims a scope releases is fixed
/// (<see cref="ScopeCatalog"/>).
/// </summary>
public sealed class ScopeDescriptions(IGrainFactory grains, TimeProvider time)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<string, (Task<ScopeDescription> Description, DateTimeOffset Until)> _kept = new(StringComparer.Ordinal);

    /// <summary>The description a scope grain holds, or the built-in one before operators set any.</summary>
    public Task<ScopeDescription> GetAsync(string name)
    {
        var now = time.GetUtcNow();
        if (_kept.TryGetValue(name, out var kept) && kept.Until > now && !kept.Description.IsFaulted && !kept.Description.IsCanceled)
        {
            return kept.Description;
        }

        var read = ReadAsync(name);
        _kept[name] = (read, now + Lifetime);
        return read;
    }

    /// <summary>Changes a description (its grain first), and forgets what this silo kept of it.</summary>
    public async Task SetAsync(ScopeDescription description)
    {
        await grains.GetGrain<IScopeGrain>(description.Name).SetAsync(description);
        _kept.TryRemove(description.Name, out _);
    }

    private async Task<ScopeDescription> ReadAsync(string name) =>
        await grains.GetGrain<IScopeGrain>(name).GetAsync() ?? ScopeCatalog.DefaultDescription(name);
}
