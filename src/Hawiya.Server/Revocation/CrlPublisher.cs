using Hawiya.Contracts.Revocation;
using Hawiya.Pki.Crl;
using Microsoft.Extensions.Options;

namespace Hawiya.Server.Revocation;

/// <summary>
/// Serves the card CA's full and delta CRLs from memory, and issues new ones when the list changed
/// or the one in memory has used half of its validity.
/// </summary>
/// <remarks>
/// Numbers come from the revocation list grain, which serialises them into one increasing sequence
/// for full and delta CRLs across every silo (RFC 5280 §5.2.3); the entries come with the number,
/// from the grain itself, so a CRL issued after a change always lists it. A silo notices a change
/// within <see cref="PkiSettings.RefreshInterval"/> through <see cref="RevocationMirror.Version"/>.
/// </remarks>
public sealed class CrlPublisher
{
    public const string FullPath = "/pki/crl/card-ca.crl";
    public const string DeltaPath = "/pki/crl/card-ca-delta.crl";

    private readonly IGrainFactory _grains;
    private readonly RevocationMirror _mirror;
    private readonly TimeProvider _time;
    private readonly CrlBuilderOptions _options;
    private readonly CrlBuilder _builder;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile Published? _full;
    private volatile Published? _delta;

    public CrlPublisher(IGrainFactory grains, CardCaPki pki, RevocationMirror mirror, TimeProvider time, IOptions<PkiSettings> settings)
    {
        _grains = grains;
        _mirror = mirror;
        _time = time;
        _options = new CrlBuilderOptions
        {
            DeltaCrlUrl = settings.Value.PublicBaseUrl is { } baseUrl ? new Uri(baseUrl, DeltaPath).AbsoluteUri : null,
        };
        _builder = new CrlBuilder(pki.CardCa, time, _options);
    }

    /// <summary>The DER of the current CRL of <paramref name="kind"/>, issuing one if needed.</summary>
    public async Task<byte[]> GetAsync(CrlKind kind, CancellationToken cancellationToken)
    {
        if (_mirror.Version < 0)
        {
            await _mirror.RefreshAsync(cancellationToken);
        }

        if (Current(kind) is { } current)
        {
            return current.Der;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (Current(kind) is { } issuedMeanwhile)
            {
                return issuedMeanwhile.Der;
            }

            var list = _grains.GetGrain<IRevocationListGrain>(RevocationLists.CardCa);
            var numbering = await list.NextCrlNumberAsync(kind);
            Store(numbering);
            if (numbering.Kind != kind)
            {
                // No full CRL existed, so the grain issued one first; now the delta can have its base.
                Store(await list.NextCrlNumberAsync(kind));
            }

            return (kind == CrlKind.Full ? _full : _delta)!.Der;
        }
        finally
        {
            _gate.Release();
        }
    }

    private Published? Current(CrlKind kind)
    {
        var published = kind == CrlKind.Full ? _full : _delta;
        // Half the validity: relying parties always fetch a CRL with most of its life left, so a
        // late publication never leaves them without a valid one (RFC 5280 §5.1.2.5).
        return published is not null && published.Version >= _mirror.Version && _time.GetUtcNow() < published.RefreshAt
            ? published
            : null;
    }

    private void Store(CrlNumbering numbering)
    {
        var entries = numbering.Entries.Select(entry => entry.ToRevokedCertificate());
        var issuedAt = _time.GetUtcNow();
        if (numbering.Kind == CrlKind.Full)
        {
            var der = _builder.BuildFull(entries, numbering.Number);
            _full = new Published(der, numbering.Version, issuedAt + _options.FullCrlValidity / 2);
            // A delta issued against an older base is still correct, but a fresh one follows the new base.
            _delta = null;
        }
        else
        {
            var der = _builder.BuildDelta(entries, numbering.Number, numbering.BaseCrlNumber!.Value);
            _delta = new Published(der, numbering.Version, issuedAt + _options.DeltaCrlValidity / 2);
        }
    }

    private sealed record Published(byte[] Der, long Version, DateTimeOffset RefreshAt);
}
