using Hawiya.Contracts.Common;

namespace Hawiya.Contracts.Cards;

/// <summary>
/// One per CNIE card, keyed by <see cref="PseudonymKeys.Card"/>.
/// Refused operations return a typed <see cref="CardError"/> and change nothing.
/// </summary>
[Alias("hawiya.ICardGrain")]
public interface ICardGrain : IGrainWithStringKey
{
    [Alias("Get")]
    Task<CardSnapshot> GetAsync();

    /// <summary>Not issued → active; repeating the same issue is harmless.</summary>
    [Alias("Issue")]
    Task<CardResult> IssueAsync(CardIssue issue);

    /// <summary>Active → suspended (published as certificateHold).</summary>
    [Alias("Suspend")]
    Task<CardResult> SuspendAsync();

    /// <summary>Suspended → active.</summary>
    [Alias("Resume")]
    Task<CardResult> ResumeAsync();

    /// <summary>Active or suspended → revoked (terminal).</summary>
    [Alias("Revoke")]
    Task<CardResult> RevokeAsync(CardRevocationCause cause);
}
