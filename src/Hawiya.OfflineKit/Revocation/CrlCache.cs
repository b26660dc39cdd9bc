using System.Numerics;
using Hawiya.Pki.Hierarchy;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.X509;

namespace Hawiya.OfflineKit.Revocation;

/// <summary>Status of a card certificate according to the cached CRLs.</summary>
public enum CachedStatus
{
    Good,
    /// <summary>On hold (certificateHold): the card is suspended.</summary>
    Suspended,
    Revoked,
    /// <summary>No CRL cached yet: nothing can be said.</summary>
    Unknown,
}

/// <summary>What the cache says of one serial, and how fresh that is.</summary>
public sealed record CachedCheck(CachedStatus Status, DateTimeOffset? NextUpdate, bool Stale);

/// <summary>A downloaded CRL failed verification.</summary>
public sealed class CrlVerificationException(string message) : Exception(message);

/// <summary>
/// The card CA's full and delta CRLs kept on disk (RFC 5280 §5), verified against the card CA
/// before they replace the cached ones. A delta applies only to the full CRL it names as its base
/// (§5.2.4); an entry with reason removeFromCRL lifts a hold (§5.3.1).
/// </summary>
public sealed class CrlCache
{
    public const string FullFile = "card-ca.crl";
    public const string DeltaFile = "card-ca-delta.crl";

    private readonly string _directory;
    private readonly X509Certificate _cardCa;
    private readonly TimeProvider _time;

    /// <param name="cardCa">The card CA certificate, already validated to the root by the caller.</param>
    public CrlCache(string directory, X509Certificate cardCa, TimeProvider time)
    {
        _directory = directory;
        _cardCa = cardCa;
        _time = time;
        Directory.CreateDirectory(directory);
    }

    /// <summary>Downloads both CRLs from <paramref name="server"/>, verifies them, then replaces the cache.</summary>
    public async Task RefreshAsync(HttpClient http, Uri server, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(http);
        var full = await http.GetByteArrayAsync(new Uri(server, "/pki/crl/" + FullFile), cancellationToken).ConfigureAwait(false);
        var delta = await http.GetByteArrayAsync(new Uri(server, "/pki/crl/" + DeltaFile), cancellationToken).ConfigureAwait(false);
        Store(full, delta);
    }

    /// <summary>Verifies and stores a full CRL and its delta (either may be refused: then nothing changes).</summary>
    public void Store(byte[] full, byte[] delta)
    {
        var fullCrl = Verify(full, expectDelta: false);
        var deltaCrl = Verify(delta, expectDelta: true);
        if (BaseNumberOf(deltaCrl) > NumberOf(fullCrl))
        {
            throw new CrlVerificationException("The delta CRL is based on a full CRL newer than the one downloaded.");
        }

        // Write both, then swap: a crash leaves either the old pair or the new pair.
        AtomicWrite(Path.Combine(_directory, FullFile), full);
        AtomicWrite(Path.Combine(_directory, DeltaFile), delta);
    }

    public CachedCheck Check(BigInteger serial)
    {
        var fullPath = Path.Combine(_directory, FullFile);
        if (!File.Exists(fullPath))
        {
            return new CachedCheck(CachedStatus.Unknown, null, Stale: true);
        }

        // Re-verified on every read: the cache directory is not trusted more than the network.
        var full = Verify(File.ReadAllBytes(fullPath), expectDelta: false);
        var deltaPath = Path.Combine(_directory, DeltaFile);
        var delta = File.Exists(deltaPath) ? Verify(File.ReadAllBytes(deltaPath), expectDelta: true) : null;
        if (delta is not null && BaseNumberOf(delta) > NumberOf(full))
        {
            delta = null;
        }

        var serialNumber = new Org.BouncyCastle.Math.BigInteger(serial.ToString());
        var status = StatusIn(full.GetRevokedCertificate(serialNumber));
        if (delta?.GetRevokedCertificate(serialNumber) is { } change)
        {
            status = StatusIn(change);
        }

        var nextUpdate = Earliest(full.NextUpdate, delta?.NextUpdate);
        var stale = nextUpdate is null || _time.GetUtcNow() > nextUpdate;
        return new CachedCheck(status, nextUpdate, stale);
    }

    private X509Crl Verify(byte[] der, bool expectDelta)
    {
        X509Crl crl;
        try
        {
            crl = new X509CrlParser().ReadCrl(der) ?? throw new CrlVerificationException("The CRL is empty.");
        }
        catch (Exception e) when (e is IOException or ArgumentException or Org.BouncyCastle.Security.Certificates.CrlException)
        {
            throw new CrlVerificationException("The CRL is not DER.");
        }

        if (!crl.IssuerDN.Equivalent(_cardCa.SubjectDN))
        {
            throw new CrlVerificationException("The CRL is not issued by the card CA.");
        }

        try
        {
            crl.Verify(_cardCa.GetPublicKey());
        }
        catch (Exception e) when (e is Org.BouncyCastle.Security.InvalidKeyException or Org.BouncyCastle.Security.SignatureException or Org.BouncyCastle.Security.Certificates.CrlException)
        {
            throw new CrlVerificationException("The CRL signature is not the card CA's.");
        }

        var isDelta = crl.GetExtensionValue(X509Extensions.DeltaCrlIndicator) is not null;
        if (isDelta != expectDelta)
        {
            throw new CrlVerificationException(expectDelta ? "Expected a delta CRL." : "Expected a full CRL, got a delta.");
        }

        return crl;
    }

    private static CachedStatus StatusIn(X509CrlEntry? entry)
    {
        if (entry is null)
        {
            return CachedStatus.Good;
        }

        var reason = entry.GetExtensionValue(X509Extensions.ReasonCode) is { } value
            ? CrlReason.GetInstance(Asn1Object.FromByteArray(value.GetOctets())).IntValueExact
            : CrlReason.Unspecified;
        return reason switch
        {
            CrlReason.CertificateHold => CachedStatus.Suspended,
            CrlReason.RemoveFromCrl => CachedStatus.Good,
            _ => CachedStatus.Revoked,
        };
    }

    private static System.Numerics.BigInteger NumberOf(X509Crl crl) => ExtensionInteger(crl, X509Extensions.CrlNumber);

    private static System.Numerics.BigInteger BaseNumberOf(X509Crl crl) => ExtensionInteger(crl, X509Extensions.DeltaCrlIndicator);

    private static System.Numerics.BigInteger ExtensionInteger(X509Crl crl, DerObjectIdentifier oid) =>
        crl.GetExtensionValue(oid) is { } value
            ? System.Numerics.BigInteger.Parse(DerInteger.GetInstance(Asn1Object.FromByteArray(value.GetOctets())).Value.ToString(), System.Globalization.CultureInfo.InvariantCulture)
            : System.Numerics.BigInteger.Zero;

    private static DateTimeOffset? Earliest(DateTime? a, DateTime? b)
    {
        var values = new[] { a, b }.Where(v => v.HasValue).Select(v => new DateTimeOffset(DateTime.SpecifyKind(v!.Value, DateTimeKind.Utc))).ToArray();
        return values.Length == 0 ? null : values.Min();
    }

    internal static void AtomicWrite(string path, byte[] content)
    {
        var temporary = path + ".tmp";
        using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            stream.Write(content);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temporary, path, overwrite: true);
    }
}
