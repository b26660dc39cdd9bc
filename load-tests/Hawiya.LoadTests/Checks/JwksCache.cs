using Microsoft.IdentityModel.Tokens;

namespace Hawiya.LoadTests.Checks;

/// <summary>
/// The issuer's signing keys (RFC 7517), fetched once and fetched again when a token names a
/// key not seen yet (a rotation), at most every <see cref="MinimumRefresh"/> so a flood of bad
/// tokens cannot turn into a flood of JWKS requests.
/// </summary>
public sealed class JwksCache(Func<CancellationToken, Task<string>> fetch, TimeProvider time)
{
    public static readonly TimeSpan MinimumRefresh = TimeSpan.FromSeconds(10);

    private readonly SemaphoreSlim _refreshing = new(1, 1);
    private volatile IReadOnlyList<SecurityKey> _keys = [];
    private long _fetchedAt = long.MinValue;

    public static JwksCache Over(HttpClient http, Uri jwksUri, TimeProvider time) =>
        new(ct => http.GetStringAsync(jwksUri, ct), time);

    /// <summary>A cache that never fetches: for tests, or tokens checked against known keys.</summary>
    public static JwksCache Fixed(IEnumerable<SecurityKey> keys, TimeProvider time)
    {
        var cache = new JwksCache(_ => Task.FromResult("{\"keys\":[]}"), time);
        cache._keys = [.. keys];
        cache._fetchedAt = time.GetTimestamp();
        return cache;
    }

    public IReadOnlyList<SecurityKey> Keys => _keys;

    public async Task<IReadOnlyList<SecurityKey>> GetAsync(CancellationToken cancellationToken)
    {
        if (_keys.Count == 0)
        {
            await RefreshAsync(cancellationToken);
        }

        return _keys;
    }

    /// <summary>Fetches the key set again unless it was fetched within <see cref="MinimumRefresh"/>; true when it did.</summary>
    public async Task<bool> RefreshAsync(CancellationToken cancellationToken)
    {
        await _refreshing.WaitAsync(cancellationToken);
        try
        {
            if (_fetchedAt != long.MinValue && time.GetElapsedTime(Interlocked.Read(ref _fetchedAt)) < MinimumRefresh)
            {
                return false;
            }

            var json = await fetch(cancellationToken);
            _keys = [.. new JsonWebKeySet(json).GetSigningKeys()];
            Interlocked.Exchange(ref _fetchedAt, time.GetTimestamp());
            return true;
        }
        finally
        {
            _refreshing.Release();
        }
    }
}
