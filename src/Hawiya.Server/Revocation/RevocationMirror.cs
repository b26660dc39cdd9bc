using System.Collections.Frozen;
using System.Numerics;
using Hawiya.Contracts.Revocation;
using Hawiya.Pki.Ocsp;
using Hawiya.Pki.Revocation;

namespace Hawiya.Server.Revocation;

/// <summary>
/// This silo's copy of the card CA's revocation list, and the OCSP responder that answers from it.
/// </summary>
/// <remarks>
/// The hot path never calls a grain: the responder serves pre-signed answers from its own cache and,
/// on a miss, reads this copy. <see cref="RevocationRefreshService"/> asks the list grain for its
/// version every <see cref="PkiSettings.RefreshInterval"/>; when it moved, the copy is replaced and
/// the responder's answers for exactly the serials whose status changed are invalidated. So a change
/// recorded on any silo reaches every silo's OCSP answers within one interval plus one grain call.
///
/// Serials not on the list are answered "good". RFC 6960 §2.2 defines "good" as "not revoked" and
/// does not promise that the certificate was ever issued; the platform cannot tell issued serials
/// from others without a per-request lookup (cards are keyed by card number, not serial), and a
/// certificate it did not issue fails signature validation before its status matters.
/// </remarks>
public sealed class RevocationMirror
{
    private readonly IGrainFactory _grains;
    private readonly SemaphoreSlim _refreshGate = new(1, 1);
    private volatile Copy? _copy;

    public RevocationMirror(IGrainFactory grains, CardCaPki pki, TimeProvider time)
    {
        _grains = grains;
        Responder = new OcspResponder(pki.CardCa.Certificate, pki.Hierarchy.OcspSigner, LookupAsync, time);
    }

    public OcspResponder Responder { get; }

    /// <summary>The list version this copy reflects, or -1 before the first load.</summary>
    public long Version => _copy?.Version ?? -1;

    /// <summary>Reloads the copy if the list changed, and invalidates the answers it makes wrong.</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken = default)
    {
        var list = _grains.GetGrain<IRevocationListGrain>(RevocationLists.CardCa);
        if (_copy is { } current && await list.GetVersionAsync().WaitAsync(cancellationToken) == current.Version)
        {
            return;
        }

        await _refreshGate.WaitAsync(cancellationToken);
        try
        {
            var view = await list.GetEntriesAsync().WaitAsync(cancellationToken);
            var previous = _copy;
            if (previous is not null && previous.Version >= view.Version)
            {
                return;
            }

            var statuses = view.Entries.ToFrozenDictionary(
                entry => RevocationMapping.ToSerialNumber(entry.Serial),
                entry => entry.ToCertificateStatus());
            _copy = new Copy(view.Version, statuses);
            if (previous is not null)
            {
                // Invalidated after the swap, as the responder asks: a lookup that follows sees the new status.
                foreach (var serial in Changed(previous.Statuses, statuses))
                {
                    Responder.Invalidate(serial);
                }
            }
        }
        finally
        {
            _refreshGate.Release();
        }
    }

    private async ValueTask<CertificateStatus> LookupAsync(BigInteger serial, CancellationToken cancellationToken)
    {
        var copy = _copy;
        if (copy is null)
        {
            // SECURITY: never answer "good" before the list was read once.
            await RefreshAsync(cancellationToken);
            copy = _copy!;
        }

        return copy.Statuses.TryGetValue(serial, out var status) ? status : CertificateStatus.Good;
    }

    private static IEnumerable<BigInteger> Changed(
        FrozenDictionary<BigInteger, CertificateStatus> before, FrozenDictionary<BigInteger, CertificateStatus> after)
    {
        foreach (var (serial, status) in after)
        {
            if (!before.TryGetValue(serial, out var old) || old != status)
            {
                yield return serial;
            }
        }

        foreach (var serial in before.Keys)
        {
            if (!after.ContainsKey(serial))
            {
                yield return serial;
            }
        }
    }

    private sealed record Copy(long Version, FrozenDictionary<BigInteger, CertificateStatus> Statuses);
}
