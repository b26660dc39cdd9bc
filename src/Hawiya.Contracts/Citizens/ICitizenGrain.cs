using Hawiya.Contracts.Common;

namespace Hawiya.Contracts.Citizens;

/// <summary>
/// One per digital identity, keyed by <see cref="PseudonymKeys.Citizen"/>.
/// Refused operations return a typed <see cref="CitizenError"/> and change nothing.
/// </summary>
[Alias("hawiya.ICitizenGrain")]
public interface ICitizenGrain : IGrainWithStringKey
{
    [Alias("Get")]
    Task<CitizenSnapshot> GetAsync();

    /// <summary>Makes the citizen known (idempotent); the identity starts not activated.</summary>
    [Alias("Register")]
    Task<CitizenResult> RegisterAsync();

    /// <summary>Not activated or deactivated → active.</summary>
    [Alias("Activate")]
    Task<CitizenResult> ActivateAsync();

    /// <summary>Active → deactivated.</summary>
    [Alias("Deactivate")]
    Task<CitizenResult> DeactivateAsync();

    /// <summary>Any living status → frozen.</summary>
    [Alias("Freeze")]
    Task<CitizenResult> FreezeAsync();

    /// <summary>Frozen → active, only with one of the citizen's own active cards.</summary>
    [Alias("UnfreezeWithCard")]
    Task<CitizenResult> UnfreezeWithCardAsync(string cardKey);

    /// <summary>Any status → deceased (terminal).</summary>
    [Alias("DeclareDeceased")]
    Task<CitizenResult> DeclareDeceasedAsync();

    [Alias("EnrollMethod")]
    Task<CitizenResult> EnrollMethodAsync(AuthMethod method);

    [Alias("SetMethodEnabled")]
    Task<CitizenResult> SetMethodEnabledAsync(AuthMethod method, bool enabled);

    /// <summary>Called by a card grain when a card is issued to this citizen (idempotent).</summary>
    [Alias("AttachCard")]
    Task<CitizenResult> AttachCardAsync(string cardKey);
}
