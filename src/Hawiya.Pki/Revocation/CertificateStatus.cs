namespace Hawiya.Pki.Revocation;

/// <summary>The three answers of RFC 6960 §2.2.</summary>
public enum CertificateStatusKind
{
    Good,
    Revoked,
    Unknown,
}

/// <summary>What the holder of revocation data says about one certificate.</summary>
public readonly record struct CertificateStatus(
    CertificateStatusKind Kind,
    DateTimeOffset? RevocationTime = null,
    RevocationReason? Reason = null)
{
    public static CertificateStatus Good { get; } = new(CertificateStatusKind.Good);

    public static CertificateStatus Unknown { get; } = new(CertificateStatusKind.Unknown);

    public static CertificateStatus Revoked(DateTimeOffset revocationTime, RevocationReason reason) =>
        new(CertificateStatusKind.Revoked, revocationTime, reason);
}
