namespace Hawiya.Pki.Hierarchy;

/// <summary>The five keys of the hierarchy and what each is for.</summary>
public enum PkiRole
{
    /// <summary>Country signing CA: self-signed trust anchor, P-384. Issues the other CAs and the document signer.</summary>
    Root,

    /// <summary>Signs each card's identity data (like an ICAO document signer). Issued by the root.</summary>
    DocumentSigner,

    /// <summary>Issues card authentication certificates and signs their CRLs. Issued by the root.</summary>
    CardCa,

    /// <summary>Delegated OCSP responder for card certificates (id-kp-OCSPSigning). Issued by the card CA.</summary>
    OcspSigner,

    /// <summary>Issues edge reader credentials (client authentication). Issued by the root.</summary>
    ReaderCa,
}
