using System.ComponentModel.DataAnnotations;
using System.Net;
using Microsoft.Extensions.Options;

namespace Hawiya.Server.Cards;

/// <summary>Limits of the reader agents' WebSockets on one silo (section <c>Hawiya:EdgeBridge</c>).</summary>
public sealed class EdgeBridgeSettings
{
    public const string Section = "Hawiya:EdgeBridge";

    /// <summary>Reader sockets this silo holds at once, authenticated or not.</summary>
    [Range(1, 1_000_000)] public int MaxConnections { get; set; } = 5_000;

    /// <summary>Reader sockets from one client IP at once: a counter has a few readers, not hundreds.</summary>
    [Range(1, 100_000)] public int MaxConnectionsPerIp { get; set; } = 16;

    /// <summary>Time from the upgrade to a valid hello (the reader credential and its proof); past it the socket is closed.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:01:00")] public TimeSpan HandshakeTimeout { get; set; } = TimeSpan.FromSeconds(5);
}

/// <summary>Why a socket was not admitted.</summary>
public enum EdgeAdmission
{
    Admitted,
    SiloFull,
    AddressFull,
}

/// <summary>
/// SECURITY: the reader sockets live for hours, so they are kept out of the load shedder (whose
/// slots they would hold for their whole life, starving every authorize, token and OCSP request)
/// and counted here instead: a cap per silo and one per client IP, each socket counted from the
/// upgrade, before its reader is authenticated.
/// </summary>
public sealed class EdgeConnections(IOptions<EdgeBridgeSettings> settings)
{
    private readonly Dictionary<string, int> _perIp = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private int _total;

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _total;
            }
        }
    }

    /// <summary>Takes a place for a socket from <paramref name="address"/>; dispose the lease when the socket ends.</summary>
    public EdgeAdmission TryEnter(IPAddress? address, out IDisposable? lease)
    {
        var key = address?.ToString() ?? "unknown";
        var s = settings.Value;
        lease = null;
        lock (_lock)
        {
            if (_total >= s.MaxConnections)
            {
                return EdgeAdmission.SiloFull;
            }

            var count = _perIp.GetValueOrDefault(key);
            if (count >= s.MaxConnectionsPerIp)
            {
                return EdgeAdmission.AddressFull;
            }

            _perIp[key] = count + 1;
            _total++;
        }

        lease = new Lease(this, key);
        return EdgeAdmission.Admitted;
    }

    private void Exit(string key)
    {
        lock (_lock)
        {
            _total--;
            if (_perIp[key] <= 1)
            {
                _perIp.Remove(key);
            }
            else
            {
                _perIp[key]--;
            }
        }
    }

    private sealed class Lease(EdgeConnections owner, string key) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                owner.Exit(key);
            }
        }
    }
}
