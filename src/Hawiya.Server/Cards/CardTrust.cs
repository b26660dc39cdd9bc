using Hawiya.Pki.Cards;
using Hawiya.Pki.Hierarchy;
using Hawiya.Server.Revocation;
using Microsoft.Extensions.Options;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Security.Certificates;
using Org.BouncyCastle.X509;

namespace Hawiya.Server.Cards;

/// <summary>
/// Which certificates the silo trusts from readers and cards: a card certificate issued by the card
/// CA, a reader credential issued by the reader CA and neither on the deny-list nor on the reader
/// CA's CRL (<c>Hawiya:Readers</c>), both chaining to the root (RFC 5280 §6.1).
/// </summary>
public sealed class CardTrust(CardCaPki pki, IOptionsMonitor<ReaderTrustSettings> readers, TimeProvider time)
{
    private readonly CertificateChainValidator _chain = new(pki.Hierarchy.Root.Certificate, time);
    private readonly ReaderCrl _crl = new(pki.Hierarchy.ReaderCa.Certificate);

    /// <summary>The reader's name (its certificate's CN) when the credential is one the reader CA issued for client authentication.</summary>
    /// <exception cref="CertificateValidationException">The credential is not trusted; the message says why.</exception>
    public (X509Certificate Leaf, string ReaderName) ValidateReader(IReadOnlyList<byte[]> chain)
    {
        if (chain.Count == 0)
        {
            throw new CertificateValidationException("The reader sent no certificate.");
        }

        var leaf = Parse(chain[0]);
        // SECURITY: only the reader CA may vouch for readers; a card or a document signer
        // certificate that chains to the same root is not a reader.
        var path = _chain.Validate(leaf, [pki.Hierarchy.ReaderCa.Certificate], KeyPurposeID.id_kp_clientAuth);
        if (!path[1].Equals(pki.Hierarchy.ReaderCa.Certificate))
        {
            throw new CertificateValidationException("The reader credential is not issued by the reader CA.");
        }

        // SECURITY: a chain proves issuance, not that the credential is still trusted (RFC 5280
        // §6.3): a stolen or retired reader is refused by its serial on the configured deny-list,
        // or on the reader CA's CRL.
        var settings = readers.CurrentValue;
        var serial = ReaderTrustSettings.Normalize(leaf.SerialNumber.ToString(16));
        if (settings.RevokedSerials.Any(s => ReaderTrustSettings.Normalize(s) == serial)
            || (settings.CrlFile is { Length: > 0 } crl && _crl.Lists(crl, leaf.SerialNumber)))
        {
            throw new CertificateValidationException("The reader credential is revoked.");
        }

        var name = leaf.SubjectDN.GetValueList(X509Name.CN).FirstOrDefault();
        return string.IsNullOrEmpty(name)
            ? throw new CertificateValidationException("The reader credential names no reader.")
            : (leaf, name);
    }

    /// <summary>Checks a card's certificate and identity data (card CA and document signer → root, key binding).</summary>
    public CardAuthenticity Cards { get; } = new(pki.Hierarchy.Root.Certificate, pki.Hierarchy.CardCa.Certificate, time);

    private static X509Certificate Parse(byte[] der)
    {
        try
        {
            return new X509CertificateParser().ReadCertificate(der)
                ?? throw new CertificateValidationException("The certificate is empty.");
        }
        catch (Exception e) when (e is CertificateException or IOException or ArgumentException)
        {
            throw new CertificateValidationException("The certificate is not DER X.509.");
        }
    }
}
