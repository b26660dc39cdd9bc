using System.Collections.Concurrent;

namespace Hawiya.SampleProvider.Authentication;

/// <summary>
/// Sessions ended by the provider through back-channel logout (OIDC Back-Channel Logout 1.0
/// §2.7). The local session is a stateless cookie, so it cannot be deleted from here; instead
/// the cookie handler asks this store on every request and drops a session that was
/// revoked after it started. A revocation is kept as long as a cookie can live: after that
/// every session it could match has expired on its own.
/// </summary>
/// <remarks>
/// In memory, so one instance of this site and revocations are forgotten on restart: enough
/// for a demonstration. A real service provider shares this set (e.g. in its cache or
/// database) across its instances. Keys are the provider's values for one issuer only.
/// </remarks>
public sealed class SessionRevocations(TimeProvider time)
{
    /// <summary>As long as the session cookie (<see cref="SessionCookie.Lifetime"/>).</summary>
    public static readonly TimeSpan Retention = SessionCookie.Lifetime;

    private readonly ConcurrentDictionary<string, DateTimeOffset> _revoked = new(StringComparer.Ordinal);

    public int Count => _revoked.Count;

    /// <summary>
    /// Records a logout. §2.7: with a <c>sid</c>, only that provider session ends; with only a
    /// <c>sub</c>, every session of that user ends. A session whose ID token carried no
    /// <c>sid</c> cannot be told apart from the one named, so it ends too.
    /// </summary>
    public void Revoke(string? sid, string? sub)
    {
        var now = time.GetUtcNow();
        Prune(now);
        if (!string.IsNullOrEmpty(sid))
        {
            _revoked[SidKey(sid)] = now;
            if (!string.IsNullOrEmpty(sub))
            {
                _revoked[SubWithoutSidKey(sub)] = now;
            }
        }
        else if (!string.IsNullOrEmpty(sub))
        {
            _revoked[SubKey(sub)] = now;
        }
    }

    /// <summary>Whether a session that started at <paramref name="sessionStarted"/> has been logged out since.</summary>
    public bool IsRevoked(string? sid, string? sub, DateTimeOffset sessionStarted)
    {
        if (_revoked.IsEmpty)
        {
            return false;
        }

        // A new login after the logout gets a new session: only revocations at or after the
        // session's start apply to it, so a user logged out by sub can sign in again.
        bool RevokedSince(string key) => _revoked.TryGetValue(key, out var at) && at >= sessionStarted;

        if (!string.IsNullOrEmpty(sub) && RevokedSince(SubKey(sub)))
        {
            return true;
        }

        return string.IsNullOrEmpty(sid)
            ? !string.IsNullOrEmpty(sub) && RevokedSince(SubWithoutSidKey(sub))
            : RevokedSince(SidKey(sid));
    }

    private void Prune(DateTimeOffset now)
    {
        foreach (var (key, at) in _revoked)
        {
            if (now - at > Retention)
            {
                _revoked.TryRemove(KeyValuePair.Create(key, at));
            }
        }
    }

    private static string SidKey(string sid) => "sid\n" + sid;

    private static string SubKey(string sub) => "sub\n" + sub;

    private static string SubWithoutSidKey(string sub) => "sub-nosid\n" + sub;
}
