using Hawiya.Contracts.Sessions;
using Hawiya.Grains.Common;

namespace Hawiya.Grains.Citizens;

// The citizen's live login sessions, and the provider each serves; everything here writes only "citizen-sessions".
public sealed partial class CitizenGrain
{
    public async Task AddSessionAsync(string sessionId, DateTimeOffset expiresAt, string? clientId = null)
    {
        var live = sessions.State.Sessions;
        var now = time.GetUtcNow();
        foreach (var expired in live.Where(s => s.Value <= now).Select(s => s.Key).ToArray())
        {
            live.Remove(expired);
        }

        var clientLearnt = RememberSessionClient(sessionId, clientId);
        if (!clientLearnt && live.TryGetValue(sessionId, out var known) && known >= expiresAt)
        {
            return;
        }

        live[sessionId] = expiresAt;
        await sessions.WriteOrRestoreAsync(this);
    }

    public async Task<int> RevokeAllSessionsAsync()
    {
        var ids = sessions.State.Sessions.Keys.ToArray();
        await Task.WhenAll(ids.Select(id => GrainFactory.GetGrain<IAuthSessionGrain>(id).RevokeAsync()));
        if (ids.Length > 0)
        {
            sessions.State.Sessions.Clear();
            sessions.State.Clients.Clear();
            await sessions.WriteOrRestoreAsync(this);
        }

        return ids.Length;
    }

    public Task<string[]> GetSessionsAsync()
    {
        var now = time.GetUtcNow();
        return Task.FromResult(sessions.State.Sessions.Where(s => s.Value > now).Select(s => s.Key).ToArray());
    }

    /// <summary>
    /// The provider a session serves: recorded when the session was added, or asked of the
    /// session itself for sessions registered before providers were recorded.
    /// </summary>
    private async Task<string?> ClientOfAsync(string sessionId) =>
        sessions.State.Clients.TryGetValue(sessionId, out var known)
            ? known
            : (await GrainFactory.GetGrain<IAuthSessionGrain>(sessionId).GetAsync()).Start?.ClientId;

    /// <summary>Records the provider of a session; true when that changed the state (a write is due).</summary>
    private bool RememberSessionClient(string sessionId, string? clientId)
    {
        var clients = sessions.State.Clients;
        var changed = false;
        foreach (var gone in clients.Keys.Where(id => !sessions.State.Sessions.ContainsKey(id) && id != sessionId).ToArray())
        {
            changed |= clients.Remove(gone);
        }

        if (clientId is not null && !(clients.TryGetValue(sessionId, out var known) && known == clientId))
        {
            clients[sessionId] = clientId;
            changed = true;
        }

        return changed;
    }
}
