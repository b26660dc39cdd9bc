using Hawiya.Pki.Revocation;

namespace Hawiya.Contracts.Cards;

/// <summary>Life cycle of a CNIE card. Numeric values are persisted: never renumber.</summary>
[GenerateSerializer, Alias("hawiya.CardStatus")]
public enum CardStatus
{
    NotIssued = 0,
    Active = 1,
    /// <summary>Temporarily unusable; published as <c>certificateHold</c> (RFC 5280 §5.3.1).</summary>
    Suspended = 2,
    /// <summary>Terminal.</summary>
    Revoked = 3,
}

/// <summary>Why a citizen or an operator revokes a card. Numeric values are persisted.</summary>
[GenerateSerializer, Alias("hawiya.CardRevocationCause")]
public enum CardRevocationCause
{
    Lost = 0,
    Stolen = 1,
    Deceased = 2,
    Superseded = 3,
}

/// <summary>Why a card operation was refused. Numeric values are persisted.</summary>
[GenerateSerializer, Alias("hawiya.CardError")]
public enum CardError
{
    None = 0,
    ForbiddenTransition = 1,
    InvalidIssue = 2,
    /// <summary>The card was issued to another holder or with another certificate.</summary>
    Conflict = 3,
}

public static class CardRevocationCauses
{
    /// <summary>
    /// The RFC 5280 reason published for a cause: a lost or stolen card's key may be
    /// in someone else's hands (keyCompromise); a death ends the card's purpose
    /// (cessationOfOperation); a replacement card supersedes the old one.
    /// </summary>
    public static RevocationReason ToRevocationReason(this CardRevocationCause cause) => cause switch
    {
        CardRevocationCause.Lost => RevocationReason.KeyCompromise,
        CardRevocationCause.Stolen => RevocationReason.KeyCompromise,
        CardRevocationCause.Deceased => RevocationReason.CessationOfOperation,
        CardRevocationCause.Superseded => RevocationReason.Superseded,
        _ => throw new ArgumentOutOfRangeException(nameof(cause), cause, "Unknown revocation cause."),
    };
}
