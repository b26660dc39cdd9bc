namespace Hawiya.Card.Client;

public enum VerificationStatus
{
    /// <summary>'9000': the reference data matched; the security status is set.</summary>
    Verified,

    /// <summary>'63CX' with X above 0: no match, X tries left.</summary>
    Rejected,

    /// <summary>'63C0' or '6983': no tries left; only the PUK can unblock it.</summary>
    Blocked,

    /// <summary>'63CX' in answer to a status query (VERIFY without data): not verified yet, X tries left.</summary>
    NotVerified,
}

/// <summary>Outcome of VERIFY or RESET RETRY COUNTER (ISO/IEC 7816-4 §7.5.6 and §7.5.10).</summary>
public readonly record struct VerificationResult(VerificationStatus Status, int TriesLeft)
{
    public bool IsVerified => Status == VerificationStatus.Verified;

    public bool IsBlocked => Status == VerificationStatus.Blocked;
}
