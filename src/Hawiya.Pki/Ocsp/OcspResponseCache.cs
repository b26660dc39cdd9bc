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
/// <para>
/// Requests already answered from a pre-signed response are also remembered by their exact DER
/// bytes, so the same request is answered again without being parsed: the same bytes name the
/// same CertID and carry no nonce, hence deserve the same answer while the entry stays current.
/// Slots carry the generation of the cache that created them; after <see cref="Clear"/> an old
/// slot no longer hears of invalidations, so requests pointing at it are looked up again.
/// </para>
/// </remarks>
internal sealed class OcspResponseCache
{
    private readonly ConcurrentDictionary<BcBigInteger, Slot> _slots = new();
    private readonly ConcurrentDictionary<byte[], RequestTarget> _requests = new(ByteSequenceComparer.Instance);
    private readonly ConcurrentDictionary<byte[], RequestTarget>.AlternateLookup<ReadOnlySpan<byte>> _requestsBySpan;
    private readonly int _capacity;
    private readonly int _variantCount;
    private int _count;
    private int _requestCount;
    private long _generation;

    public OcspResponseCache(int capacity, int variantCount)
    {
        _capacity = capacity;
        _variantCount = variantCount;
        _requestsBySpan = _requests.GetAlternateLookup<ReadOnlySpan<byte>>();
    }

    public int Count => Volatile.Read(ref _count);

    /// <summary>The slot of <paramref name="serial"/>, created if needed; null when caching is disabled.</summary>
    public Slot? GetSlot(BcBigInteger serial)
    {
        if (_slots.TryGetValue(serial, out var slot))
        {
            return slot;
        }

        if (_capacity == 0)
        {
            return null;
        }

        // SECURITY: bounded memory. When full, start over rather than track recency on the hot path:
        // hot certificates are re-signed once, and requests for random serials cannot pin memory.
        if (Volatile.Read(ref _count) >= _capacity)
        {
            Clear();
        }

        var created = new Slot(_variantCount, Volatile.Read(ref _generation));
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
        // The generation moves first: a request remembered meanwhile points at a retired slot and is not served.
        Interlocked.Increment(ref _generation);
        _slots.Clear();
        Interlocked.Exchange(ref _count, 0);
        ClearRequests();
    }

    /// <summary>
    /// The pre-signed answer to exactly these request bytes, if they were answered from a
    /// pre-signed entry before and that entry is still current and not due for refresh.
    /// </summary>
    public OcspResult? FindPreSigned(ReadOnlySpan<byte> request, DateTimeOffset now) =>
        _requestsBySpan.TryGetValue(request, out var target)
            && target.Slot.Generation == Volatile.Read(ref _generation)
            && target.Slot.GetFresh(target.Variant, now) is { PreSigned: { } result }
                ? result
                : null;

    /// <summary>Remembers that <paramref name="request"/> is answered by the pre-signed entry of <paramref name="slot"/> and <paramref name="variant"/>.</summary>
    public void RememberRequest(ReadOnlySpan<byte> request, Slot slot, int variant)
    {
        if (_requestsBySpan.ContainsKey(request))
        {
            return;
        }

        // SECURITY: bounded like the slots; distinct encodings of the same question cannot pin memory.
        if (Volatile.Read(ref _requestCount) >= _capacity)
        {
            ClearRequests();
        }

        if (_requests.TryAdd(request.ToArray(), new RequestTarget(slot, variant)))
        {
            Interlocked.Increment(ref _requestCount);
        }
    }

    private void ClearRequests()
    {
        _requests.Clear();
        Interlocked.Exchange(ref _requestCount, 0);
    }

    private sealed record RequestTarget(Slot Slot, int Variant);

    internal sealed class Slot(int variantCount, long generation)
    {
        private readonly Entry?[] _entries = new Entry?[variantCount];
        private long _version;

        public long Version => Volatile.Read(ref _version);

        /// <summary>The generation of the cache this slot was created in.</summary>
        public long Generation => generation;

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
    /// <param name="PreSigned">The signed answer to a one-certificate request without a nonce, once built.</param>
    internal sealed record Entry(
        long Version,
        SingleResponse Single,
        DateTimeOffset NextUpdate,
        DateTimeOffset RefreshAt,
        OcspResult? PreSigned = null);
}
