using Hawiya.Contracts.Citizens;
using Hawiya.Contracts.Sessions;
using Hawiya.Grains.Common;

namespace Hawiya.Grains.Citizens;

// The citizen's standing consents, one per provider, and withdrawing one with the provider's sessions.
public sealed partial class CitizenGrain
{
    public async Task<CitizenRelease> GrantConsentAsync(Consent consent, string sector)
    {
        // The pairwise secret is durable before a subject derived from it is released.
        if (EnsurePairwiseSecret())
        {
            await state.WriteOrRestoreAsync(this);
        }

        consents.State.Consents[consent.ClientId] = new CitizenConsentState
        {
            Scopes = consent.Scopes,
            Claims = consent.Claims,
            GrantedAt = consent.GrantedAt,
        };
        await consents.WriteOrRestoreAsync(this);
        return Release(sector, consent.ClientId);
    }

    public async Task<bool> RevokeConsentAsync(string clientId)
    {
        if (!consents.State.Consents.Remove(clientId))
        {
            return false;
        }

        await consents.WriteOrRestoreAsync(this);
        return true;
    }

    public Task<Consent[]> GetConsentsAsync() => Task.FromResult(consents.State.Consents
        .OrderByDescending(c => c.Value.GrantedAt)
        .Select(c => new Consent { ClientId = c.Key, Scopes = c.Value.Scopes, Claims = c.Value.Claims, GrantedAt = c.Value.GrantedAt })
        .ToArray());

    public async Task<ProviderRevocation> RevokeProviderAsync(string clientId)
    {
        ArgumentException.ThrowIfNullOrEmpty(clientId);
        var ended = new List<string>();
        foreach (var sessionId in sessions.State.Sessions.Keys)
        {
            if (await ClientOfAsync(sessionId) == clientId)
            {
                ended.Add(sessionId);
            }
        }

        // The sessions first: their refresh tokens, and the access tokens that name them, stop
        // working before the consent disappears, so a failure at any step (the revocations, the
        // sessions' write, the consent's write) leaves the consent to retry with.
        await Task.WhenAll(ended.Select(id => GrainFactory.GetGrain<IAuthSessionGrain>(id).RevokeAsync()));
        if (ended.Count > 0)
        {
            foreach (var sessionId in ended)
            {
                sessions.State.Sessions.Remove(sessionId);
                sessions.State.Clients.Remove(sessionId);
            }

            await sessions.WriteOrRestoreAsync(this);
        }

        var consentRemoved = consents.State.Consents.Remove(clientId);
        if (consentRemoved)
        {
            await consents.WriteOrRestoreAsync(this);
        }

        return new ProviderRevocation { ConsentRemoved = consentRemoved, SessionsRevoked = ended.Count };
    }
}
