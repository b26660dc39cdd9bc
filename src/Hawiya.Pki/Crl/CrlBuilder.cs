using System.Numerics;
using Hawiya.Pki.Hierarchy;
using Hawiya.Pki.Keys;
using Hawiya.Pki.Revocation;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.X509;

namespace Hawiya.Pki.Crl;

/// <summary>
/// Builds signed X.509 v2 CRLs (RFC 5280 §5) for one issuing CA: full CRLs and delta CRLs.
/// </summary>
/// <remarks>
/// The builder holds no state. The caller (the revocation grain) owns the revoked serials and the
/// CRL number, and must use one increasing sequence for both full and delta CRLs (RFC 5280 §5.2.3).
/// </remarks>
public sealed class CrlBuilder
{
    // RFC 5280 §5.2.3: CRL numbers MUST NOT be longer than 20 octets.
    private static readonly BigInteger MaxCrlNumber = BigInteger.Pow(2, 159) - 1;

    private readonly PkiAuthority _issuer;
    private readonly TimeProvider _time;
    private readonly CrlBuilderOptions _options;

    public CrlBuilder(PkiAuthority issuer, TimeProvider time, CrlBuilderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(issuer);
        ArgumentNullException.ThrowIfNull(time);
        // SECURITY: RFC 5280 §4.2.1.3: only a key certified for cRLSign may sign CRLs; relying parties
        // reject anything else, so fail here rather than publish unusable CRLs.
        if (!CertificateChecks.HasKeyUsage(issuer.Certificate, CertificateChecks.CrlSign))
        {
            throw new ArgumentException($"The {issuer.Role} certificate is not allowed to sign CRLs (no cRLSign key usage).", nameof(issuer));
        }

        _options = options ?? new CrlBuilderOptions();
        if (_options.FullCrlValidity <= TimeSpan.Zero || _options.DeltaCrlValidity <= TimeSpan.Zero)
        {
            throw new ArgumentException("CRL validity periods must be positive.", nameof(options));
        }

        _issuer = issuer;
        _time = time;
    }

    /// <summary>A complete CRL listing every revoked certificate of the issuer.</summary>
    /// <param name="crlNumber">This CRL's number (RFC 5280 §5.2.3), greater than any number issued before.</param>
    public byte[] BuildFull(IEnumerable<RevokedCertificate> revoked, BigInteger crlNumber)
    {
        ArgumentNullException.ThrowIfNull(revoked);
        var entries = revoked.ToList();
        // RFC 5280 §5.3.1: removeFromCRL only appears in delta CRLs.
        if (entries.Any(entry => entry.Reason == RevocationReason.RemoveFromCrl))
        {
            throw new ArgumentException("removeFromCRL may only appear in a delta CRL.", nameof(revoked));
        }

        return Build(entries, crlNumber, baseCrlNumber: null, _options.FullCrlValidity);
    }

    /// <summary>
    /// A delta CRL (RFC 5280 §5.2.4): the changes since the complete CRL numbered
    /// <paramref name="baseCrlNumber"/>, that is, certificates revoked since then, and
    /// <see cref="RevocationReason.RemoveFromCrl"/> entries for holds that were released.
    /// </summary>
    public byte[] BuildDelta(IEnumerable<RevokedCertificate> changes, BigInteger crlNumber, BigInteger baseCrlNumber)
    {
        ArgumentNullException.ThrowIfNull(changes);
        if (baseCrlNumber < 0 || baseCrlNumber >= crlNumber)
        {
            throw new ArgumentOutOfRangeException(nameof(baseCrlNumber), "The base CRL number must be below the delta's own CRL number.");
        }

        return Build(changes.ToList(), crlNumber, baseCrlNumber, _options.DeltaCrlValidity);
    }

    private byte[] Build(List<RevokedCertificate> entries, BigInteger crlNumber, BigInteger? baseCrlNumber, TimeSpan validity)
    {
        if (crlNumber < 0 || crlNumber > MaxCrlNumber)
        {
            throw new ArgumentOutOfRangeException(nameof(crlNumber), "A CRL number is a non-negative integer of at most 20 octets.");
        }

        if (entries.Select(entry => entry.SerialNumber).Distinct().Count() != entries.Count)
        {
            throw new ArgumentException("A certificate serial number appears twice.", nameof(entries));
        }

        var thisUpdate = PkiTime.ToUtcSeconds(_time.GetUtcNow());
        var generator = new X509V2CrlGenerator();
        generator.SetIssuerDN(_issuer.Subject);
        generator.SetThisUpdate(thisUpdate);
        // RFC 5280 §5.1.2.5: conforming CRL issuers MUST include nextUpdate.
        generator.SetNextUpdate(thisUpdate + validity);

        // Sorted so that the same revocation state always yields the same entry order.
        foreach (var entry in entries.OrderBy(entry => entry.SerialNumber))
        {
            if (entry.SerialNumber <= 0)
            {
                throw new ArgumentException($"Serial number {entry.SerialNumber} is not positive (RFC 5280 §4.1.2.2).", nameof(entries));
            }

            // RFC 5280 §5.3.1: the reasonCode extension SHOULD be absent rather than say "unspecified".
            X509Extensions? entryExtensions = null;
            if (entry.Reason != RevocationReason.Unspecified)
            {
                var extensions = new X509ExtensionsGenerator();
                extensions.AddExtension(X509Extensions.ReasonCode, false, new CrlReason((int)entry.Reason));
                entryExtensions = extensions.Generate();
            }

            generator.AddCrlEntry(KeyConversions.ToBouncyCastle(entry.SerialNumber), PkiTime.ToUtcSeconds(entry.RevocationDate), entryExtensions);
        }

        // RFC 5280 §5.2.1: conforming CRL issuers MUST use the authority key identifier extension.
        generator.AddExtension(X509Extensions.AuthorityKeyIdentifier, false, new AuthorityKeyIdentifier(_issuer.KeyIdentifier));
        // RFC 5280 §5.2.3: conforming CRL issuers MUST include the CRL number (non-critical).
        generator.AddExtension(X509Extensions.CrlNumber, false, new CrlNumber(KeyConversions.ToBouncyCastle(crlNumber)));
        if (baseCrlNumber is { } baseNumber)
        {
            // RFC 5280 §5.2.4: the delta CRL indicator is a critical extension holding the base CRL number.
            generator.AddExtension(X509Extensions.DeltaCrlIndicator, true, new CrlNumber(KeyConversions.ToBouncyCastle(baseNumber)));
        }
        else if (_options.DeltaCrlUrl is { } deltaUrl)
        {
            // RFC 5280 §5.2.6: Freshest CRL, non-critical, only in complete CRLs.
            var name = new GeneralNames(new GeneralName(GeneralName.UniformResourceIdentifier, deltaUrl));
            generator.AddExtension(X509Extensions.FreshestCrl, false,
                new CrlDistPoint([new DistributionPoint(new DistributionPointName(name), null, null)]));
        }

        // X509V2CrlGenerator always emits version v2, which RFC 5280 §5.1.2.1 requires once extensions are present.
        return generator.Generate(_issuer.Signer).GetEncoded();
    }
}
