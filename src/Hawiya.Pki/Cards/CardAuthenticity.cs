using System.Security.Cryptography;
using Hawiya.Pki.Hierarchy;
using Hawiya.Pki.Identity;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.X509;

namespace Hawiya.Pki.Cards;

/// <summary>A card whose certificate and identity data verified: what the online login and the offline kit go on to check.</summary>
/// <param name="SubjectPublicKeyInfo">DER of the card authentication key, for checking the card's signatures.</param>
public sealed record AuthenticCard(X509Certificate Certificate, IdentityDocument Identity, byte[] SubjectPublicKeyInfo)
{
    /// <summary>The certificate serial as CRLs and the card grain name it: lower-case hex, no leading zeros.</summary>
    public string Serial => Certificate.SerialNumber.ToString(16);

    /// <summary>The card's public key, for <c>CardAuthentication.Verify</c>.</summary>
    public ECDsa PublicKey()
    {
        var key = ECDsa.Create();
        key.ImportSubjectPublicKeyInfo(SubjectPublicKeyInfo, out _);
        return key;
    }
}

/// <summary>The card's data does not prove a genuine card; the message says which check failed.</summary>
public sealed class CardAuthenticityException(string message, Exception? innerException = null) : Exception(message, innerException);

/// <summary>
/// Authenticity of what a card presents (docs/card-profile.md §10, online and offline): the card
/// certificate chains to the root through the card CA, the identity data is signed by a document
/// signer chaining to the same root, and it is bound to this card's key. Whether the card holds
/// that key (a signature over a fresh nonce) and whether it is revoked are the caller's next checks.
/// </summary>
public sealed class CardAuthenticity(X509Certificate root, X509Certificate cardCa, TimeProvider time)
{
    public AuthenticCard Verify(byte[] certificateDer, byte[] signedIdentity)
    {
        ArgumentNullException.ThrowIfNull(certificateDer);
        ArgumentNullException.ThrowIfNull(signedIdentity);
        try
        {
            var certificate = new X509CertificateParser().ReadCertificate(certificateDer)
                ?? throw new CardAuthenticityException("The card certificate is empty.");
            var path = new CertificateChainValidator(root, time).Validate(certificate, [cardCa], KeyPurposeID.id_kp_clientAuth);
            // SECURITY: only the card CA vouches for cards; a reader credential chaining to the same root is not a card.
            if (!path[1].Equals(cardCa))
            {
                throw new CardAuthenticityException("The card certificate is not issued by the card CA.");
            }

            var identity = new IdentityDocumentVerifier(root, time).Verify(signedIdentity);
            var spki = SubjectPublicKeyInfoFactory.CreateSubjectPublicKeyInfo(certificate.GetPublicKey()).GetDerEncoded();
            return identity.MatchesCardKey(spki)
                ? new AuthenticCard(certificate, identity, spki)
                : throw new CardAuthenticityException("The identity data belongs to another card.");
        }
        catch (Exception e) when (e is CertificateValidationException or IdentityDocumentVerificationException
            or Org.BouncyCastle.Security.Certificates.CertificateException or IOException or ArgumentException)
        {
            throw new CardAuthenticityException(e.Message, e);
        }
    }
}
