using Hawiya.Contracts.Common;

namespace Hawiya.Contracts.Sessions;

/// <summary>
/// One per login attempt at one provider (key <c>s-</c> + 128 random bits): the request,
/// the identified citizen, each challenge with its attempts and expiry, the factors passed,
/// the level reached, and the tokens issued from it (its ad-hoc authorization).
/// </summary>
[Alias("hawiya.IAuthSessionGrain")]
public interface IAuthSessionGrain : IGrainWithStringKey
{
    [Alias("Get")]
    Task<SessionView> GetAsync();

    /// <summary>Fixes what the provider asked for; repeating the same start is harmless.</summary>
    [Alias("Begin")]
    Task<SessionView> BeginAsync(SessionStart start);

    /// <summary>Records who the citizen says they are (a pseudonymous key); can be changed until a challenge is passed.</summary>
    [Alias("Identify")]
    Task<SessionView> IdentifyAsync(string citizenKey);

    /// <summary>Issues a one-time code for <paramref name="channel"/> (SMS or email); a new code cancels the previous one.</summary>
    [Alias("IssueCode")]
    Task<IssuedCode> IssueCodeAsync(AuthMethod channel);

    /// <summary>The gateway did not take the code that expires at <paramref name="codeExpiresAt"/>: it is withdrawn, and the pages offer another method.</summary>
    [Alias("ReportCodeUndelivered")]
    Task ReportCodeUndeliveredAsync(DateTimeOffset codeExpiresAt);

    [Alias("VerifyCode")]
    Task<ChallengeResult> VerifyCodeAsync(string code);

    [Alias("VerifyPassword")]
    Task<ChallengeResult> VerifyPasswordAsync(string password);

    /// <summary>
    /// Single sign-on: takes over an authentication completed in another session of the same
    /// browser. When it is below the level this login needs, the citizen and the factors
    /// already passed are kept and only the missing factors are asked for (step-up).
    /// </summary>
    [Alias("AdoptAuthentication")]
    Task<SessionView> AdoptAuthenticationAsync(Authentication authentication);

    /// <summary>
    /// The authentication made in this session, as stored here, while it may still be used for
    /// single sign-on; null otherwise. SECURITY: single sign-on adopts this, never what a cookie says.
    /// </summary>
    [Alias("GetLiveAuthentication")]
    Task<Authentication?> GetLiveAuthenticationAsync();

    /// <summary>Logout: the authentication made here no longer serves single sign-on; issued tokens stay valid.</summary>
    [Alias("EndSingleSignOn")]
    Task EndSingleSignOnAsync();

    [Alias("Deny")]
    Task<SessionView> DenyAsync();

    [Alias("GetAuthorization")]
    Task<AuthorizationView> GetAuthorizationAsync();

    /// <summary>The authorization and the session's view in one call (OpenIddict checks one, userinfo reads the other).</summary>
    [Alias("GetAuthorizationWithSession")]
    Task<AuthorizationLookup> GetAuthorizationWithSessionAsync();

    /// <summary>
    /// Sets the subject, scopes and individually requested claims (OIDC Core §5.5) the ad-hoc
    /// authorization stands for; null claims keep those already recorded.
    /// </summary>
    /// <param name="tokensUntil">How long tokens issued from this login may live, so that the
    /// citizen's list of sessions (walked by revocation) keeps it that long.</param>
    [Alias("Authorize")]
    Task AuthorizeAsync(string subject, string[] scopes, string[]? claims, DateTimeOffset? tokensUntil = null);

    /// <summary>
    /// <see cref="AuthorizeAsync"/> for the login flow, which issues the authorization code right
    /// after: the record becomes durable with the code's entry, the next write of this session.
    /// </summary>
    [Alias("AuthorizeBeforeCode")]
    Task AuthorizeBeforeCodeAsync(string subject, string[] scopes, string[] claims, DateTimeOffset tokensUntil);

    /// <summary>Revokes the authorization and every token issued from it; returns how many tokens were revoked.</summary>
    [Alias("Revoke")]
    Task<long> RevokeAsync();

    [Alias("AddToken")]
    Task<TokenRecord> AddTokenAsync(TokenRecord token);

    /// <summary>
    /// Adds a request token (what a pushed authorization request, RFC 9126, is answered with), in memory
    /// only: it prepares the login and is written with the session's next authorization write (the
    /// authorization code that redeems it) or when the activation ends. A silo lost before then loses
    /// the <c>request_uri</c>, which the provider is told is unknown, as any login cut by a crash.
    /// <paramref name="start"/> is what the request asks for, from the request itself: the login
    /// begins with it at once when the browser is the one asking (<paramref name="beginNow"/>, a
    /// plain authorization request), else when the browser first brings the request token
    /// (<see cref="FindTokenWithSessionAsync"/>, after a pushed request): no
    /// <see cref="BeginAsync"/> of its own either way.
    /// </summary>
    [Alias("AddRequestToken")]
    Task<TokenLookup> AddRequestTokenAsync(TokenRecord token, SessionStart? start, bool beginNow);

    /// <summary>Stores <paramref name="token"/> if the stored version is still <see cref="TokenRecord.Version"/>.</summary>
    [Alias("UpdateToken")]
    Task<TokenUpdate> UpdateTokenAsync(TokenRecord token);

    /// <summary>
    /// Redeems <paramref name="token"/> (same version check as <see cref="UpdateTokenAsync"/>, and
    /// only a valid entry) without writing it yet: the token endpoint writes the redemption with
    /// the refresh token that replaces it (<see cref="AddTokenRedeemingAsync"/>), one write
    /// instead of two, or on its own (<see cref="ConfirmRedemptionAsync"/>) before any answer
    /// leaves. Meanwhile every other request already sees the entry redeemed.
    /// </summary>
    [Alias("HoldRedemption")]
    Task<TokenUpdate> HoldRedemptionAsync(TokenRecord token, Guid redeemedBy);

    /// <summary>
    /// Adds <paramref name="token"/> and writes the redemption held as <paramref name="held"/> in
    /// the same write; null, with nothing added, when that redemption is no longer the holder's
    /// (the session was reactivated meanwhile and another request redeemed the entry). The
    /// redemption may also be carried by the caller without a hold: <paramref name="held"/> is
    /// then the entry as read, one version on, redeemed by the caller's request, and it is taken
    /// only while the entry is still valid at the version read.
    /// </summary>
    [Alias("AddTokenRedeeming")]
    Task<TokenRecord?> AddTokenRedeemingAsync(TokenRecord token, TokenRecord held);

    /// <summary>
    /// The authorization endpoint's last step in one call: records <paramref name="grant"/> and
    /// adds the authorization code <paramref name="code"/> with the request token's redemption
    /// <paramref name="held"/>, all in one write (as <see cref="AddTokenRedeemingAsync"/>: null,
    /// with nothing recorded, when that redemption is no longer the caller's).
    /// </summary>
    [Alias("AddCode")]
    Task<TokenRecord?> AddCodeAsync(TokenRecord code, TokenRecord held, AuthorizationGrant grant);

    /// <summary>Writes the redemption held as <paramref name="held"/>; false when it is no longer the holder's.</summary>
    [Alias("ConfirmRedemption")]
    Task<bool> ConfirmRedemptionAsync(TokenRecord held);

    [Alias("GetToken")]
    Task<TokenRecord?> GetTokenAsync(string tokenId);

    /// <summary>
    /// The entry with this reference digest, and the session as it is now: the authorization
    /// endpoint validates a request token and then reads its session, one call for both. The
    /// first look-up of a live request token that came with its start begins the login
    /// (<see cref="TokenLookup.BegunNow"/>): that browser is the one the login is bound to.
    /// </summary>
    [Alias("FindTokenWithSession")]
    Task<TokenLookup> FindTokenWithSessionAsync(string referenceHash);

    [Alias("ListTokens")]
    Task<TokenRecord[]> ListTokensAsync();
}
