using Hawiya.Pki.Hierarchy;
using Hawiya.Pki.Keys;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.X509;

namespace Hawiya.Pki.Cards;

/// <summary>Where relying parties find revocation data for card certificates; written into each certificate.</summary>
public sealed record CardCertificateOptions
{
    /// <summary>URL of the card CA's full CRL (cRLDistributionPoints, RFC 5280 §4.2.1.13).</summary>
    public string? CrlDistributionPoint { get; init; }

    /// <summary>URL of the OCSP responder (authorityInfoAccess id-ad-ocsp, RFC 5280 §4.2.2.1).</summary>
    public string? OcspUrl { get; init; }
}

/// <summary>Issues card authentication certificates from the card CA.</summary>
public sealed class CardCertificateIssuer
{
    private readonly PkiAuthority _cardCa;
    private readonly TimeProvider _time;
    private readonly CardCertificateOptions _options;

    public CardCertificateIssuer(PkiAuthority cardCa, TimeProvider time, CardCertificateOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(cardCa);
        ArgumentNullException.ThrowIfNull(time);
        if (cardCa.Role != PkiRole.CardCa)
        {
            throw new ArgumentException($"Card certificates are issued by the card CA, not the {cardCa.Role}.", nameof(cardCa));
        }

        _cardCa = cardCa;
        _time = time;
        _options = options ?? new CardCertificateOptions();
    }

    /// <summary>Certifies the card key <paramref name="subjectPublicKeyInfo"/> (DER, P-256) until <paramref name="notAfter"/>.</summary>
    /// <remarks>
    /// SECURITY (data minimisation): the subject names the card only (serialNumber = card number).
    /// The certificate is shown to every server the card talks to; the holder's identity is released
    /// from the signed identity data, after consent, and never from the certificate.
    /// </remarks>
    public X509Certificate Issue(string cardNumber, ReadOnlySpan<byte> subjectPublicKeyInfo, DateTimeOffset notAfter, DateTimeOffset? notBefore = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(cardNumber);
        var spki = KeyConversions.ParseEcPublicKey(subjectPublicKeyInfo);
        var issuer = _cardCa.Subject;
        var subject = new X509Name(
            [X509Name.C, X509Name.O, X509Name.SerialNumber, X509Name.CN],
            [First(issuer, X509Name.C), First(issuer, X509Name.O), cardNumber, "CNIE " + cardNumber]);
        var profile = new CertificateProfile(
            subject,
            notBefore ?? _time.GetUtcNow() - TimeSpan.FromMinutes(5),
            notAfter,
            IsCa: false,
            KeyUsage.DigitalSignature,
            ExtendedKeyUsages: [KeyPurposeID.id_kp_clientAuth],
            CrlDistributionPoint: _options.CrlDistributionPoint,
            OcspUrl: _options.OcspUrl);
        return CertificateIssuance.Issue(profile, spki, _cardCa);
    }

    private static string First(X509Name name, DerObjectIdentifier attribute) =>
        name.GetValueList(attribute).FirstOrDefault() ?? throw new PkiConfigurationException($"The card CA name has no {attribute.Id} attribute.");
}
