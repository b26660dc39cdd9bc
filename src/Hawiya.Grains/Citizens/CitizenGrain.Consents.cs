using Hawiya.Contracts.Citizens;
using Hawiya.Contracts.Sessions;
using Hawiya.Grains.Common;

namespace Hawiya.Grains.Citizens;

// The citizen's control over providers: standing consents, and the sessions each provider holds.
public sealed partial class CitizenGrain
{
    public Task<Consent[]> GetConsentsAsync() => Task.FromResult(State.Consents
        .OrderByDescending(c => c.Value.GrantedAt)
        .Select(c => new Consent { ClientId = c.Key, Scopes = c.Value.Scopes, Claims = c.Value.Claims, GrantedAt = c.Value.GrantedAt })
        .ToArray());

    public async Task<ProviderRevocation> RevokeProviderAsync(string clientId)
    {
        ArgumentException.ThrowIfNullOrEmpty(clientId);
        var sessions = new List<string>();
        foreach (var sessionId in State.Sessions.Keys)
        {
            if (await ClientOfAsync(sessionId) == clientId)
            {
                sessions.Add(sessionId);
            }
        }

        // The sessions first: their refresh tokens, and the access tokens that name them, stop
        // working before the consent disappears, so a failure leaves the consent to retry with.
        await Task.WhenAll(sessions.Select(id => GrainFactory.GetGrain<IAuthSessionGrain>(id).RevokeAsync()));
        var consentRemoved = State.Consents.Remove(clientId);
        foreach (var sessionId in sessions)
        {
            State.Sessions.Remove(sessionId);
            State.SessionClients.Remove(sessionId);
        }

        if (consentRemoved || sessions.Count > 0)
        {
            await state.WriteOrRestoreAsync(this);
        }

        return new ProviderRevocation { ConsentRemoved = consentRemoved, SessionsRevoked = sessions.Count };
    }

    /// <summary>
    /// The provider a session serves: recorded when the session was added, or asked of the
    /// session itself for sessions registered before providers were recorded.
    /// </summary>
    private async Task<string?> ClientOfAsync(string sessionId) =>
        State.SessionClients.TryGetValue(sessionId, out var known)
            ? known
            : (await GrainFactory.GetGrain<IAuthSessionGrain>(sessionId).GetAsync()).Start?.ClientId;

    /// <summary>Records the provider of a session; true when that changed the state (a write is due).</summary>
    private bool RememberSessionClient(string sessionId, string? clientId)
    {
        var changed = false;
        foreach (var gone in State.SessionClients.Keys.Where(id => !State.Sessions.ContainsKey(id) && id != sessionId).ToArray())
        {
            changed |= State.SessionClients.Remove(gone);
        }

        if (clientId is not null && !(State.SessionClients.TryGetValue(sessionId, out var known) && known == clientId))
        {
            State.SessionClients[sessionId] = clientId;
            changed = true;
        }

        return changed;
    }
}
