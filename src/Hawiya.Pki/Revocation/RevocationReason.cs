namespace Hawiya.Pki.Revocation;

/// <summary>
/// CRLReason (RFC 5280 §5.3.1); the values are the ones encoded on the wire. Value 7 is unused.
/// The one reason enum of the platform: the card and revocation list grains persist it too
/// (their codec is <c>Hawiya.Contracts.Revocation.RevocationReasonCodec</c>), so never renumber.
/// </summary>
public enum RevocationReason
{
    /// <summary>Encoded by leaving the reasonCode extension out, as RFC 5280 §5.3.1 recommends.</summary>
    Unspecified = 0,
    KeyCompromise = 1,
    CaCompromise = 2,
    AffiliationChanged = 3,
    Superseded = 4,
    CessationOfOperation = 5,
    CertificateHold = 6,

    /// <summary>Only in a delta CRL: the certificate is no longer on hold (RFC 5280 §5.2.4).</summary>
    RemoveFromCrl = 8,
    PrivilegeWithdrawn = 9,
    AaCompromise = 10,
}
