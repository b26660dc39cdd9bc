using Hawiya.Pki.Hierarchy;
using Org.BouncyCastle.Cms;
using Org.BouncyCastle.X509;

namespace Hawiya.Pki.Identity;

/// <summary>Signed identity data failed verification.</summary>
public sealed class IdentityDocumentVerificationException(string message, Exception? innerException = null)
    : Exception(message, innerException);

/// <summary>
/// Verifies signed identity data read from a card (passive authentication, as ICAO 9303 part 11 §5.1):
/// the CMS signature, the document signer certificate up to the trusted root, then the content.
/// </summary>
public sealed class IdentityDocumentVerifier
{
    private readonly CertificateChainValidator _chain;
    private readonly TimeProvider _time;

    /// <param name="root">The country signing CA: the only certificate trusted in advance.</param>
    public IdentityDocumentVerifier(X509Certificate root, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(time);
        _chain = new CertificateChainValidator(root, time);
        _time = time;
    }

    /// <summary>Verifies <paramref name="signedIdentity"/> and returns the identity it vouches for.</summary>
    /// <exception cref="IdentityDocumentVerificationException">Any check fails; the message says which.</exception>
    public IdentityDocument Verify(ReadOnlySpan<byte> signedIdentity)
    {
        CmsSignedData cms;
        try
        {
            cms = new CmsSignedData(signedIdentity.ToArray());
        }
        catch (Exception ex) when (ex is CmsException or ArgumentException or IOException or InvalidCastException)
        {
            throw new IdentityDocumentVerificationException("The identity data is not CMS SignedData.", ex);
        }

        // SECURITY: the content type is part of what is signed (RFC 5652 §11.1); checking it stops a
        // document signer signature over some other kind of content being passed off as an identity.
        var encapsulated = cms.SignedData.EncapContentInfo;
        if (!HawiyaOids.IdentityDocument.Equals(encapsulated.ContentType) || encapsulated.Content is null)
        {
            throw new IdentityDocumentVerificationException("The signed content is not a Hawiya identity document.");
        }

        byte[] content;
        try
        {
            content = Org.BouncyCastle.Asn1.Asn1OctetString.GetInstance(encapsulated.Content).GetOctets();
        }
        catch (ArgumentException ex)
        {
            throw new IdentityDocumentVerificationException("The signed content is not an OCTET STRING.", ex);
        }

        var signers = cms.GetSignerInfos().GetSigners();
        if (signers.Count != 1)
        {
            throw new IdentityDocumentVerificationException($"Expected exactly one signer, found {signers.Count}.");
        }

        var signer = signers.First();
        var candidates = cms.GetCertificates().EnumerateMatches(signer.SignerID).ToList();
        if (candidates.Count != 1)
        {
            throw new IdentityDocumentVerificationException("The document signer certificate is missing from the signed data.");
        }

        // SECURITY: the embedded certificate is only a claim until it chains to the root and carries
        // the document-signing purpose; a card certificate or a reader credential cannot sign identities.
        var documentSigner = candidates[0];
        try
        {
            _chain.Validate(documentSigner, requiredExtendedKeyUsage: HawiyaOids.DocumentSigning);
        }
        catch (CertificateValidationException ex)
        {
            throw new IdentityDocumentVerificationException($"The document signer certificate is not trusted: {ex.Message}", ex);
        }

        bool signatureValid;
        try
        {
            // Checks the message-digest attribute against the content and the signature over the
            // signed attributes (RFC 5652 §5.4, §5.6).
            signatureValid = signer.Verify(documentSigner);
        }
        catch (Exception ex) when (ex is CmsException or Org.BouncyCastle.Security.Certificates.CertificateException or ArgumentException)
        {
            throw new IdentityDocumentVerificationException("The identity data signature cannot be verified.", ex);
        }

        if (!signatureValid)
        {
            throw new IdentityDocumentVerificationException("The identity data signature is invalid.");
        }

        IdentityDocument document;
        try
        {
            document = IdentityDocumentEncoding.Decode(content);
        }
        catch (IdentityDocumentFormatException ex)
        {
            throw new IdentityDocumentVerificationException(ex.Message, ex);
        }

        var now = _time.GetUtcNow();
        if (!document.IsValidAt(now))
        {
            throw new IdentityDocumentVerificationException($"The card is not valid at {now:u} (valid {document.ValidFrom:u} to {document.ValidUntil:u}).");
        }

        return document;
    }
}
