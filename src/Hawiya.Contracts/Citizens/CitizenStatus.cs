namespace Hawiya.Contracts.Citizens;

/// <summary>Life cycle of a digital identity. Numeric values are persisted: never renumber.</summary>
[GenerateSerializer, Alias("hawiya.CitizenStatus")]
public enum CitizenStatus
{
    /// <summary>Known to the platform (a card was issued) but never activated by its holder.</summary>
    NotActivated = 0,
    Active = 1,
    /// <summary>Turned off by the citizen; they can turn it on again.</summary>
    Deactivated = 2,
    /// <summary>Frozen after a "not me" report or by an operator; only the card unfreezes it.</summary>
    Frozen = 3,
    /// <summary>Terminal.</summary>
    Deceased = 4,
}

/// <summary>Why a citizen operation was refused. Numeric values are persisted: never renumber.</summary>
[GenerateSerializer, Alias("hawiya.CitizenError")]
public enum CitizenError
{
    None = 0,
    /// <summary>The status does not allow this transition.</summary>
    ForbiddenTransition = 1,
    /// <summary>The method is not enrolled.</summary>
    MethodNotEnrolled = 2,
    /// <summary>The method is already enrolled.</summary>
    MethodAlreadyEnrolled = 3,
    /// <summary>The card is not this citizen's, or is not active.</summary>
    CardNotUsable = 4,
    /// <summary>The citizen was never registered.</summary>
    Unknown = 5,
}
