using System.Collections.Concurrent;
using Hawiya.Contracts.Common;
using Hawiya.Contracts.Providers;
using Hawiya.Contracts.Unicity;
using Microsoft.Extensions.Options;

namespace Hawiya.Server.Unicity;

/// <summary>What a participation came to: an answer for the provider, or why there is none.</summary>
public sealed record UnicityOutcome(string ContextId, ParticipationStatus? Status, string? Pseudonym, UnicityRefusal Refusal, string? Detail)
{
    public bool Succeeded => Refusal == UnicityRefusal.None;

    /// <summary>The value of the <c>unicity</c> claim and of the server-to-server answer.</summary>
    public Dictionary<string, string> ToJson() => new()
    {
        ["context"] = ContextId,
        ["status"] = Status == ParticipationStatus.First ? "first" : "repeat",
        ["pseudonym"] = Pseudonym!,
    };
}

public enum UnicityRefusal
{
    None,
    /// <summary>The provider is not accredited for unicity.</summary>
    NotAccredited,
    /// <summary>The context id is malformed, or the provider never registered it.</summary>
    UnknownContext,
    Closed,
}

/// <summary>
/// Records participations. The context each participation belongs to is read from a per-silo
/// copy refreshed every <see cref="UnicitySettings.ContextCacheLifetime"/>, so a national poll
/// makes no call to its context grain per vote: of the unicity grains, the participation grain is
/// the only one a vote touches, and the participation ledger its only storage.
/// </summary>
public sealed class UnicityRegistry(IGrainFactory grains, GrainRef<IParticipationGrain> participations, UnicityKeys keys, IOptions<UnicitySettings> settings, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, (UnicityContextSnapshot Snapshot, DateTimeOffset Until)> _contexts = new(StringComparer.Ordinal);

    public UnicityKeys Keys => keys;

    /// <summary>The context as this silo last saw it (at most the cache lifetime old).</summary>
    public async Task<UnicityContextSnapshot> GetContextAsync(string clientId, string contextId)
    {
        var key = UnicityKeys.Context(clientId, contextId);
        var now = time.GetUtcNow();
        if (_contexts.TryGetValue(key, out var cached) && cached.Until > now)
        {
            return cached.Snapshot;
        }

        var snapshot = await grains.GetGrain<IUnicityContextGrain>(key).GetAsync();
        _contexts[key] = (snapshot, now + settings.Value.ContextCacheLifetime);
        return snapshot;
    }

    /// <summary>Forgets this silo's copy (after a change made through this silo).</summary>
    public void Forget(string clientId, string contextId) => _contexts.TryRemove(UnicityKeys.Context(clientId, contextId), out _);

    /// <summary>Why <paramref name="provider"/> may not use <paramref name="contextId"/> now, if it may not.</summary>
    public async Task<(UnicityRefusal Refusal, string? Detail)> CheckAsync(ProviderSnapshot provider, string? contextId)
    {
        if (provider.Registration?.Unicity != true || !provider.IsAccredited)
        {
            return (UnicityRefusal.NotAccredited, "This service is not accredited for unicity.");
        }

        if (!UnicityKeys.IsValidContextId(contextId))
        {
            return (UnicityRefusal.UnknownContext, "A unicity context id is " + UnicityKeys.ContextIdRule + ".");
        }

        var context = await GetContextAsync(provider.ClientId, contextId!);
        return context.Status switch
        {
            UnicityContextStatus.Open => (UnicityRefusal.None, null),
            UnicityContextStatus.Closed => (UnicityRefusal.Closed, $"The unicity context '{contextId}' is closed."),
            _ => (UnicityRefusal.UnknownContext, $"This service has no unicity context '{contextId}'."),
        };
    }

    /// <summary>
    /// Records that the citizen took part in the provider's context, durably, and answers first or
    /// repeat with the context's pseudonym. <paramref name="requestKey"/> names the request: its
    /// retries get the same answer (see <see cref="IParticipationGrain.ParticipateAsync"/>).
    /// </summary>
    public async Task<UnicityOutcome> ParticipateAsync(ProviderSnapshot provider, string contextId, string citizenKey, string requestKey)
    {
        var (refusal, detail) = await CheckAsync(provider, contextId);
        if (refusal != UnicityRefusal.None)
        {
            return new UnicityOutcome(contextId, null, null, refusal, detail);
        }

        var answer = await participations.Get(keys.Participation(provider.ClientId, contextId, citizenKey)).ParticipateAsync(new ParticipationRequest
        {
            ContextKey = UnicityKeys.Context(provider.ClientId, contextId),
            RequestKey = requestKey,
        });
        return new UnicityOutcome(contextId, answer.Status, keys.Pseudonym(provider.ClientId, contextId, citizenKey), UnicityRefusal.None, null);
    }
}
