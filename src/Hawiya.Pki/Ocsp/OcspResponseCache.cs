using System.Collections.Concurrent;
using Org.BouncyCastle.Asn1.Ocsp;
using BcBigInteger = Org.BouncyCastle.Math.BigInteger;

namespace Hawiya.Pki.Ocsp;

/// <summary>
/// Answers already signed, per certificate serial and CertID variant, so unchanged answers are
/// served without a signature.
/// </summary>
/// <remarks>
/// <para>
/// Each serial has a slot with a version number. An entry records the version that was current
/// <em>before</em> its status was looked up, and is served only while the slot still has that
/// version. <see cref="Invalidate"/> bumps the version, so an answer being built while the status
/// changes is never served again once stored: no invalidation is lost to a race.
/// </para>
/// <para>
/// An entry holds the SingleResponse (reused by requests with a nonce, which need a fresh signature
/// over the whole ResponseData, RFC 6960 §4.4.1) and, once asked for, the complete signed response
/// for one-certificate requests without a nonce, which RFC 6960 and RFC 5019 §2.2.1 allow to be pre-produced.
/// </para>
/// </remarks>
internal sealed class OcspResponseCache(int capacity, int variantCount)
{
    private readonly ConcurrentDictionary<BcBigInteger, Slot> _slots = new();
    private int _count;

    public int Count => Volatile.Read(ref _count);

    /// <summary>The slot of <paramref name="serial"/>, created if needed; null when caching is disabled.</summary>
    public Slot? GetSlot(BcBigInteger serial)
    {
        if (_slots.TryGetValue(serial, out var slot))
        {
            return slot;
        }

        if (capacity == 0)
        {
            return null;
        }

        // SECURITY: bounded memory. When full, start over rather than track recency on the hot path:
        // hot certificates are re-signed once, and requests for random serials cannot pin memory.
        if (Volatile.Read(ref _count) >= capacity)
        {
            Clear();
        }

        var created = new Slot(variantCount);
        if (_slots.TryAdd(serial, created))
        {
            Interlocked.Increment(ref _count);
            return created;
        }

        return _slots.TryGetValue(serial, out slot) ? slot : null;
    }

    /// <summary>Forgets every answer about <paramref name="serial"/>. Call it after the status source reflects the change.</summary>
    public void Invalidate(BcBigInteger serial)
    {
        if (_slots.TryGetValue(serial, out var slot))
        {
            slot.Invalidate();
        }
    }

    public void Clear()
    {
        _slots.Clear();
        Interlocked.Exchange(ref _count, 0);
    }

    internal sealed class Slot(int variantCount)
    {
        private readonly Entry?[] _entries = new Entry?[variantCount];
        private long _version;

        public long Version => Volatile.Read(ref _version);

        /// <summary>The entry for <paramref name="variant"/> if it is current and not due for refresh.</summary>
        public Entry? GetFresh(int variant, DateTimeOffset now)
        {
            var entry = Volatile.Read(ref _entries[variant]);
            return entry is not null && entry.Version == Version && now < entry.RefreshAt ? entry : null;
        }

        public void Store(int variant, Entry entry) => Volatile.Write(ref _entries[variant], entry);

        public void Invalidate() => Interlocked.Increment(ref _version);
    }

    /// <param name="Version">The slot version read before the status lookup.</param>
    /// <param name="FullResponse">The signed OCSPResponse for a one-certificate request without a nonce, once built.</param>
    internal sealed record Entry(
        long Version,
        SingleResponse Single,
        DateTimeOffset NextUpdate,
        DateTimeOffset RefreshAt,
        byte[]? FullResponse = null,
        DateTimeOffset? ProducedAt = null);
}
