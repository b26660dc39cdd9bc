using Hawiya.Contracts.Common;
using Hawiya.Contracts.Sessions;

namespace Hawiya.Server.Oidc.Release;

/// <summary>
/// Attributes read from the card during a card login (its document-signer-signed identity data),
/// released under the same rule as every other attribute: scopes and claims the provider is
/// accredited for, asked for, and consented to. They come from the session's memory, once, and
/// take precedence over a sealed copy the citizen may have stored: the card is the source of truth.
/// </summary>
public static class CardClaimRelease
{
    public static async Task AddAsync(
        IGrainFactory grains, string sessionId, Authentication authentication,
        Dictionary<string, string> released, IEnumerable<string> scopes, IEnumerable<string> individually)
    {
        // Only a login made here with the card has card data; others cost no grain call.
        if (authentication.OriginSessionId != sessionId
            || !authentication.Methods.Any(m => m is AuthMethod.Card or AuthMethod.CardPin or AuthMethod.CardFingerprint))
        {
            return;
        }

        var card = await grains.GetGrain<IAuthSessionCardGrain>(sessionId).TakeCardAttributesAsync();
        var wanted = scopes
            .SelectMany(s => ScopeCatalog.ByName.TryGetValue(s, out var scope) ? scope.Claims : [])
            .Concat(individually)
            .ToHashSet(StringComparer.Ordinal);
        foreach (var (type, value) in card)
        {
            if (wanted.Contains(type))
            {
                released[type] = value;
            }
        }
    }
}
