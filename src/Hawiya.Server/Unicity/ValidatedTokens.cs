using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace Hawiya.Server.Unicity;

/// <summary>
/// Access tokens whose signature, issuer, type and lifetime were verified, remembered until they
/// expire, so that a provider voting with the same citizen token again costs a hash instead of an
/// ES256 verification. What is remembered is a pure function of the token, the signing keys and
/// the issuer (both compared on every hit) and of the clock (the token's expiry): a hit answers as
/// a full validation would. Checks that change while a token lives (the login session, the
/// identity, the provider) are not cached here; the endpoints make them on every request.
/// </summary>
/// <remarks>
/// SECURITY: keyed by SHA-256 of the whole token, never by a part an attacker chooses; a forged
/// token has another hash and is validated in full. Only valid tokens are remembered. The size is
/// bounded: when full, expired entries are dropped, and if none are, everything is forgotten (the
/// next requests validate again).
/// </remarks>
public sealed class ValidatedTokens(int capacity, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    public int Count => _entries.Count;

    /// <summary>The caller of a token validated earlier against the same keys and issuer and not expired yet.</summary>
    public TokenCaller? Find(string token, object keys, string issuer)
    {
        if (capacity == 0 || !_entries.TryGetValue(Key(token), out var entry))
        {
            return null;
        }

        return entry.ExpiresAt > time.GetUtcNow() && ReferenceEquals(entry.Keys, keys) && string.Equals(entry.Issuer, issuer, StringComparison.Ordinal)
            ? entry.Caller
            : null;
    }

    /// <summary>Remembers a token that passed validation, until <paramref name="expiresAt"/>.</summary>
    public void Remember(string token, object keys, string issuer, TokenCaller caller, DateTimeOffset expiresAt)
    {
        if (capacity == 0)
        {
            return;
        }

        if (_entries.Count >= capacity)
        {
            MakeRoom();
        }

        _entries[Key(token)] = new Entry(caller, expiresAt, keys, issuer);
    }

    private void MakeRoom()
    {
        var now = time.GetUtcNow();
        foreach (var (key, entry) in _entries)
        {
            if (entry.ExpiresAt <= now)
            {
                _entries.TryRemove(key, out _);
            }
        }

        if (_entries.Count >= capacity)
        {
            _entries.Clear();
        }
    }

    private static string Key(string token)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        var length = Encoding.UTF8.GetMaxByteCount(token.Length);
        var buffer = length <= 4096 ? stackalloc byte[length] : new byte[length];
        SHA256.HashData(buffer[..Encoding.UTF8.GetBytes(token, buffer)], hash);
        return Convert.ToBase64String(hash);
    }

    private sealed record Entry(TokenCaller Caller, DateTimeOffset ExpiresAt, object Keys, string Issuer);
}
