using Hawiya.Pki.Hierarchy;
using Org.BouncyCastle.Cms;

namespace Hawiya.Pki.Identity;

/// <summary>
/// Signs identity data with the document signer, as CMS SignedData (RFC 5652 §5) in the shape of an
/// ICAO 9303 part 10 Document Security Object: the DER <c>HawiyaIdentity</c> encapsulated under the
/// <see cref="HawiyaOids.IdentityDocument"/> content type, signed attributes (content type, message
/// digest, signing time, RFC 5652 §5.3) and the document signer certificate in <c>certificates</c>,
/// so a verifier needs only the root.
/// </summary>
public sealed class IdentityDocumentSigner
{
    private readonly PkiAuthority _documentSigner;

    public IdentityDocumentSigner(PkiAuthority documentSigner)
    {
        ArgumentNullException.ThrowIfNull(documentSigner);
        if (documentSigner.Role != PkiRole.DocumentSigner)
        {
            throw new ArgumentException($"Identity documents are signed by the document signer, not the {documentSigner.Role}.", nameof(documentSigner));
        }

        _documentSigner = documentSigner;
    }

    /// <summary>Returns the DER ContentInfo holding the signed identity data: the bytes stored on the card.</summary>
    public byte[] Sign(IdentityDocument document)
    {
        var content = IdentityDocumentEncoding.Encode(document);
        var generator = new CmsSignedDataGenerator();
        generator.AddSignerInfoGenerator(
            new SignerInfoGeneratorBuilder().Build(_documentSigner.Signer, _documentSigner.Certificate));
        generator.AddCertificate(_documentSigner.Certificate);
        var signed = generator.Generate(new CmsProcessableByteArray(HawiyaOids.IdentityDocument, content), encapsulate: true);
        // DER, not BER: the card stores these bytes and they must be the same on every read.
        return signed.GetEncoded("DER");
    }
}
