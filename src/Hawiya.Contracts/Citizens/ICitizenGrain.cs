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

    /// <summary>
    /// Registers (if needed), enrolls the methods not yet enrolled, sets credentials and, if
    /// asked and allowed, activates — in one storage write. Refused as a whole when the
    /// status forbids a part of it.
    /// </summary>
    [Alias("Import")]
    Task<CitizenResult> ImportAsync(CitizenImport import);

    /// <summary>Sets credentials and contact points; null members are left as they are.</summary>
    [Alias("SetCredentials")]
    Task<CitizenResult> SetCredentialsAsync(CitizenCredentials credentials);

    [Alias("GetLoginProfile")]
    Task<CitizenLoginProfile> GetLoginProfileAsync();

    /// <summary>
    /// Checks a password against the stored Argon2id hash, inside the grain so that
    /// parallel guesses are serialised and counted against the lockout. A right password that
    /// completes the login of <paramref name="completing"/> lists that session and answers the
    /// release for its provider in the same call, as <see cref="RecordCodeAnswerAsync"/> does.
    /// </summary>
    [Alias("VerifyPassword")]
    Task<CredentialCheck> VerifyPasswordAsync(string password, CompletingSession? completing = null);

    /// <summary>Counts a failed challenge of <paramref name="method"/>; returns the lockout now in force.</summary>
    [Alias("RecordFailure")]
    Task<CredentialCheck> RecordFailureAsync(AuthMethod method);

    [Alias("RecordSuccess")]
    Task RecordSuccessAsync(AuthMethod method);

    /// <summary>
    /// A one-time code answered at a login session, already compared there: refused, with nothing
    /// counted, when this active citizen cannot use <paramref name="method"/> now (a lock earned
    /// elsewhere, the method turned off); otherwise a right or wrong answer is counted as a
    /// success or a failure, and a spent code is not counted. A right answer that completes the
    /// login of <paramref name="completing"/> also lists that session (as <see cref="AddSessionAsync"/>)
    /// and answers with what <see cref="GetReleaseAsync"/> would for its provider: one call, not three.
    /// </summary>
    [Alias("RecordCodeAnswer")]
    Task<CredentialCheck> RecordCodeAnswerAsync(AuthMethod method, CodeAnswer answer, CompletingSession? completing = null);

    /// <summary>The pairwise subject for <paramref name="sector"/>, contact points, sealed identity and consent for a provider.</summary>
    [Alias("GetRelease")]
    Task<CitizenRelease> GetReleaseAsync(string sector, string clientId);

    /// <summary>Records the consent and answers what <see cref="GetReleaseAsync"/> would, in the same call.</summary>
    [Alias("GrantConsentForRelease")]
    Task<CitizenRelease> GrantConsentAsync(Consent consent, string sector);

    [Alias("RevokeConsent")]
    Task<bool> RevokeConsentAsync(string clientId);

    /// <summary>The standing consents, one per provider, newest first.</summary>
    [Alias("GetConsents")]
    Task<Consent[]> GetConsentsAsync();

    /// <summary>Withdraws the consent given to a provider and revokes that provider's login sessions (and their tokens).</summary>
    [Alias("RevokeProvider")]
    Task<ProviderRevocation> RevokeProviderAsync(string clientId);

    /// <summary>Remembers a login session (and the provider it serves) so that it can be revoked with all the others.</summary>
    [Alias("AddSession")]
    Task AddSessionAsync(string sessionId, DateTimeOffset expiresAt, string? clientId = null);

    /// <summary>
    /// Revokes every login session of the citizen (their single sign-on, codes and refresh
    /// tokens, and the access tokens that name them); returns how many were revoked.
    /// </summary>
    [Alias("RevokeAllSessions")]
    Task<int> RevokeAllSessionsAsync();

    /// <summary>The login sessions still alive.</summary>
    [Alias("GetSessions")]
    Task<string[]> GetSessionsAsync();
}
