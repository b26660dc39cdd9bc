using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Hawiya.Contracts.Common;
using Hawiya.Contracts.Sessions;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Hawiya.Server.Oidc.Stores;

/// <summary>
/// Token entries live in the <see cref="IAuthSessionGrain"/> that issued them, addressed by
/// the session prefix of their id or reference. Request tokens and authorization codes
/// are reference tokens: OpenIddict creates the entry, then attaches payload and reference
/// in the same request, so the entry is held in this (request-scoped) store until then and
/// written once, before the reference leaves the server.
/// </summary>
/// <remarks>
/// An entry read or written during the request is kept for the rest of it: OpenIddict looks the
/// same entry up several times per request (by reference, then by id for each status check), 24
/// session calls per login where 8 give the same answers. Every change still goes to the session
/// with the version read (a concurrent redemption fails there, as before), and a failed or
/// revoking change drops what was kept, so the next look-up reads the session again.
/// </remarks>
public sealed class GrainTokenStore(GrainRef<IAuthSessionGrain> sessions) : IOpenIddictTokenStore<OidcToken>
{
    private readonly Dictionary<string, OidcToken> _pending = new(StringComparer.Ordinal);

    /// <summary>Entries as last read or written in this request, by id; never handed out, only copied.</summary>
    private readonly Dictionary<string, TokenRecord> _seen = new(StringComparer.Ordinal);

    /// <summary>Reference ids looked up in this request, to the id of the entry found.</summary>
    private readonly Dictionary<string, string> _byReference = new(StringComparer.Ordinal);

    /// <summary>Sessions as read with a token looked up in this request, until this store changes them.</summary>
    private readonly Dictionary<string, SessionView> _views = new(StringComparer.Ordinal);

    /// <summary>The same sessions as authorizations, read in the same calls, until this store or the authorization store changes them.</summary>
    private readonly Dictionary<string, AuthorizationView> _authorizations = new(StringComparer.Ordinal);

    /// <summary>Redemptions held by their session and not yet written, by session id (see <see cref="HoldRedemptions"/>).</summary>
    private readonly Dictionary<string, TokenRecord> _held = new(StringComparer.Ordinal);

    /// <summary>What the request token created in this request asks for (see <see cref="StartWith"/>).</summary>
    private (SessionStart Start, bool Now)? _start;

    /// <summary>Sessions whose login began in this request: the browser is bound to them here.</summary>
    private readonly HashSet<string> _begun = new(StringComparer.Ordinal);

    /// <summary>This request, as the holder of its redemptions.</summary>
    private readonly Guid _request = Guid.NewGuid();

    /// <summary>
    /// Set while a sign-in that will issue a refresh token is processed at the token endpoint (a
    /// code or refresh token redeemed): the redemption is held by its session instead of written
    /// (every other request sees the entry redeemed at once, so a replay meanwhile is a reuse), and
    /// written with the refresh token issued in its place: one write, not two.
    /// </summary>
    public bool HoldRedemptions { get; set; }

    /// <summary>
    /// Set while a sign-in is processed at the authorization endpoint (the request token redeemed
    /// by the code issued from it): the redemption is kept in this request, not sent to the
    /// session, and the code's entry carries it in its one call. The session checks then that the
    /// request token is still at the version read; a concurrent redemption (a consent posted
    /// twice) loses there, and the sign-in is refused before the code leaves.
    /// </summary>
    public bool CarryRedemptions { get; set; }

    /// <summary>Authorizations given in this request, recorded with the code issued next (<see cref="AuthorizeWithCode"/>).</summary>
    private readonly Dictionary<string, AuthorizationGrant> _grants = new(StringComparer.Ordinal);

    /// <summary>
    /// The login flow's authorization of <paramref name="sessionId"/>, recorded by the session in
    /// the same call and write as the code issued from it (<see cref="IAuthSessionGrain.AddCodeAsync"/>);
    /// a sign-in that issues no code records nothing.
    /// </summary>
    public void AuthorizeWithCode(string sessionId, AuthorizationGrant grant) => _grants[sessionId] = grant;

    /// <summary>Set when a redemption held or carried for this request was no longer its own when written.</summary>
    private bool _redemptionLost;

    public async ValueTask CreateAsync(OidcToken token, CancellationToken cancellationToken)
    {
        // A request token starts a new session; every other entry joins the session it was issued from.
        var sessionId = SessionIds.IsSession(token.AuthorizationId) ? token.AuthorizationId! : SessionIds.NewSession();
        token.Id = SessionIds.NewToken(sessionId);
        if (token.Type is TokenTypeIdentifiers.Private.AuthorizationCode or TokenTypeIdentifiers.Private.RequestToken)
        {
            _pending[token.Id] = token;
            return;
        }

        await AddAsync(sessionId, token);
    }

    /// <summary>Stores a new entry, with the redemption its session holds for this request if any.</summary>
    private async Task AddAsync(string sessionId, OidcToken token)
    {
        var session = Changing(sessionId);
        var record = token.ToRecord();
        TokenRecord stored;
        if (_held.Remove(sessionId, out var held))
        {
            var adding = _grants.Remove(sessionId, out var grant) && token.Type == TokenTypeIdentifiers.Private.AuthorizationCode
                ? session.AddCodeAsync(record, held, grant)
                : session.AddTokenRedeemingAsync(record, held);
            // Lost to another request: nothing was added; WriteHeldRedemptionsAsync refuses the sign-in.
            if (await adding is not { } added)
            {
                _redemptionLost = true;
                return;
            }

            stored = added;
        }
        else if (token.Type == TokenTypeIdentifiers.Private.RequestToken)
        {
            // Only prepares the login: written with the code that redeems it, and the login's start
            // with it (see AddRequestTokenAsync and StartWith).
            var added = await session.AddRequestTokenAsync(record, _start?.Start, _start?.Now ?? false);
            _start = null;
            stored = added.Token!;
            _views[sessionId] = added.Session;
            if (added.BegunNow)
            {
                _begun.Add(sessionId);
            }
        }
        else
        {
            if (_grants.Remove(sessionId, out var grant))
            {
                // No redemption to carry it: the authorization first, written with the entry.
                await session.AuthorizeBeforeCodeAsync(grant.Subject, grant.Scopes, grant.Claims, grant.TokensUntil);
            }

            stored = await session.AddTokenAsync(record);
        }

        token.Version = stored.Version;
        token.Status = stored.Status;
        _seen[stored.Id] = stored;
        if (stored.ReferenceHash is { } reference)
        {
            _byReference[reference] = stored.Id;
        }
    }

    /// <summary>
    /// Writes what was held or carried and no new entry took with it; false when a redemption of
    /// this request was lost to another one, and the sign-in must be refused.
    /// </summary>
    public async ValueTask<bool> WriteHeldRedemptionsAsync()
    {
        foreach (var (sessionId, held) in _held)
        {
            if (!await Changing(sessionId).ConfirmRedemptionAsync(held))
            {
                _redemptionLost = true;
            }
        }

        _held.Clear();
        return !_redemptionLost;
    }

    public async ValueTask UpdateAsync(OidcToken token, CancellationToken cancellationToken)
    {
        var sessionId = SessionIds.SessionOf(token.Id) ?? throw new InvalidOperationException("The token id names no session.");
        if (_pending.Remove(token.Id!))
        {
            await AddAsync(sessionId, token);
            return;
        }

        var redeeming = token.Status == Statuses.Redeemed
            && token.Type is TokenTypeIdentifiers.RefreshToken or TokenTypeIdentifiers.Private.AuthorizationCode or TokenTypeIdentifiers.Private.RequestToken
            && !_held.ContainsKey(sessionId);
        if (CarryRedemptions && redeeming && _seen.TryGetValue(token.Id!, out var read) && read.Version == token.Version && read.Status == Statuses.Valid)
        {
            // Carried by the code issued next (AddTokenRedeemingAsync): no call now.
            var carried = token.ToRecord() with { RedeemedBy = _request, Version = read.Version + 1 };
            _held[sessionId] = carried;
            token.Version = carried.Version;
            _seen[token.Id!] = carried;
            return;
        }

        _seen.Remove(token.Id!);
        var session = Changing(sessionId);
        var hold = HoldRedemptions && redeeming;
        var update = hold ? await session.HoldRedemptionAsync(token.ToRecord(), _request) : await session.UpdateTokenAsync(token.ToRecord());
        if (hold && update.Succeeded)
        {
            _held[sessionId] = update.Current!;
        }

        if (!update.Succeeded)
        {
            // OpenIddict turns this into a failed redemption: the code or refresh token was used concurrently.
            throw new OpenIddictExceptions.ConcurrencyException("The token was changed by another request.");
        }

        token.Version = update.Current!.Version;
        token.Status = update.Current.Status;
        _seen[token.Id!] = update.Current;
    }

    public async ValueTask<OidcToken?> FindByIdAsync(string identifier, CancellationToken cancellationToken)
    {
        if (_pending.TryGetValue(identifier, out var pending))
        {
            return pending;
        }

        if (_seen.TryGetValue(identifier, out var seen))
        {
            return OidcToken.From(seen);
        }

        return SessionIds.SessionOf(identifier) is { } sessionId && await Session(sessionId).GetTokenAsync(identifier) is { } record
            ? OidcToken.From(_seen[record.Id] = record)
            : null;
    }

    public async ValueTask<OidcToken?> FindByReferenceIdAsync(string identifier, CancellationToken cancellationToken)
    {
        if (_byReference.TryGetValue(identifier, out var id) && _seen.TryGetValue(id, out var seen))
        {
            return OidcToken.From(seen);
        }

        // OpenIddict checks that a new entry's reference is unique before storing it. The reference
        // of an entry created in this request was minted here (SessionIds.NewReference, 256 random
        // bits): no other entry holds it, so the answer is that entry, with no grain call.
        foreach (var pending in _pending.Values)
        {
            if (pending.ReferenceId == identifier)
            {
                return pending;
            }
        }

        if (SessionIds.SessionOf(identifier) is not { } sessionId)
        {
            return null;
        }

        var lookup = await Session(sessionId).FindTokenWithSessionAsync(identifier);
        _views[sessionId] = lookup.Session;
        if (lookup.BegunNow)
        {
            _begun.Add(sessionId);
        }

        if (lookup.Authorization is { } authorization)
        {
            _authorizations[sessionId] = authorization;
        }
        if (lookup.Token is not { } record)
        {
            return null;
        }

        _byReference[identifier] = record.Id;
        return OidcToken.From(_seen[record.Id] = record);
    }

    public async IAsyncEnumerable<OidcToken> FindByAuthorizationIdAsync(string identifier, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (!SessionIds.IsSession(identifier))
        {
            yield break;
        }

        foreach (var record in await Session(identifier).ListTokensAsync())
        {
            yield return OidcToken.From(record);
        }
    }

    public async ValueTask<long> RevokeByAuthorizationIdAsync(string identifier, CancellationToken cancellationToken)
    {
        // Every entry of the session may have changed status.
        _seen.Clear();
        return SessionIds.IsSession(identifier) ? await Changing(identifier).RevokeAsync() : 0;
    }

    public ValueTask<string?> GetApplicationIdAsync(OidcToken token, CancellationToken cancellationToken) => new(token.ApplicationId);
    public ValueTask<string?> GetAuthorizationIdAsync(OidcToken token, CancellationToken cancellationToken) => new(token.AuthorizationId);
    public ValueTask<DateTimeOffset?> GetCreationDateAsync(OidcToken token, CancellationToken cancellationToken) => new(token.CreationDate);
    public ValueTask<DateTimeOffset?> GetExpirationDateAsync(OidcToken token, CancellationToken cancellationToken) => new(token.ExpirationDate);
    public ValueTask<string?> GetIdAsync(OidcToken token, CancellationToken cancellationToken) => new(token.Id);
    public ValueTask<string?> GetPayloadAsync(OidcToken token, CancellationToken cancellationToken) => new(token.Payload);
    public ValueTask<ImmutableDictionary<string, JsonElement>> GetPropertiesAsync(OidcToken token, CancellationToken cancellationToken) => new(token.Properties);
    public ValueTask<DateTimeOffset?> GetRedemptionDateAsync(OidcToken token, CancellationToken cancellationToken) => new(token.RedemptionDate);
    public ValueTask<string?> GetReferenceIdAsync(OidcToken token, CancellationToken cancellationToken) => new(token.ReferenceId);
    public ValueTask<string?> GetStatusAsync(OidcToken token, CancellationToken cancellationToken) => new(token.Status);
    public ValueTask<string?> GetSubjectAsync(OidcToken token, CancellationToken cancellationToken) => new(token.Subject);
    public ValueTask<string?> GetTypeAsync(OidcToken token, CancellationToken cancellationToken) => new(token.Type);
    public ValueTask<OidcToken> InstantiateAsync(CancellationToken cancellationToken) => new(new OidcToken());

    public ValueTask SetApplicationIdAsync(OidcToken token, string? identifier, CancellationToken cancellationToken) => EntityFields.Set(() => token.ApplicationId = identifier);
    public ValueTask SetAuthorizationIdAsync(OidcToken token, string? identifier, CancellationToken cancellationToken) => EntityFields.Set(() => token.AuthorizationId = identifier);
    public ValueTask SetCreationDateAsync(OidcToken token, DateTimeOffset? date, CancellationToken cancellationToken) => EntityFields.Set(() => token.CreationDate = date);
    public ValueTask SetExpirationDateAsync(OidcToken token, DateTimeOffset? date, CancellationToken cancellationToken) => EntityFields.Set(() => token.ExpirationDate = date);
    public ValueTask SetPayloadAsync(OidcToken token, string? payload, CancellationToken cancellationToken) => EntityFields.Set(() => token.Payload = payload);
    public ValueTask SetPropertiesAsync(OidcToken token, ImmutableDictionary<string, JsonElement> properties, CancellationToken cancellationToken) => EntityFields.Set(() => token.Properties = properties);
    public ValueTask SetRedemptionDateAsync(OidcToken token, DateTimeOffset? date, CancellationToken cancellationToken) => EntityFields.Set(() => token.RedemptionDate = date);
    public ValueTask SetReferenceIdAsync(OidcToken token, string? identifier, CancellationToken cancellationToken) => EntityFields.Set(() => token.ReferenceId = identifier);
    public ValueTask SetStatusAsync(OidcToken token, string? status, CancellationToken cancellationToken) => EntityFields.Set(() => token.Status = status);
    public ValueTask SetSubjectAsync(OidcToken token, string? subject, CancellationToken cancellationToken) => EntityFields.Set(() => token.Subject = subject);
    public ValueTask SetTypeAsync(OidcToken token, string? type, CancellationToken cancellationToken) => EntityFields.Set(() => token.Type = type);

    // Entries leave storage with their session; they are never deleted one by one.
    public ValueTask DeleteAsync(OidcToken token, CancellationToken cancellationToken) => throw GrainStoreErrors.ManagedElsewhere("Token entries", "their session's life cycle");
    public ValueTask<long> PruneAsync(DateTimeOffset threshold, CancellationToken cancellationToken) => throw GrainStoreErrors.ManagedElsewhere("Token entries", "their session's life cycle");

    public ValueTask<long> CountAsync(CancellationToken cancellationToken) => throw GrainStoreErrors.CrossGrainQuery("Counting tokens");
    public ValueTask<long> CountAsync<TResult>(Func<IQueryable<OidcToken>, IQueryable<TResult>> query, CancellationToken cancellationToken) => throw GrainStoreErrors.CrossGrainQuery("Counting tokens");
    public IAsyncEnumerable<OidcToken> FindAsync(string? subject, string? client, string? status, string? type, CancellationToken cancellationToken) => throw GrainStoreErrors.CrossGrainQuery("Finding tokens by subject or client");
    public IAsyncEnumerable<OidcToken> FindByApplicationIdAsync(string identifier, CancellationToken cancellationToken) => throw GrainStoreErrors.CrossGrainQuery("Finding tokens by client");
    public IAsyncEnumerable<OidcToken> FindBySubjectAsync(string subject, CancellationToken cancellationToken) => throw GrainStoreErrors.CrossGrainQuery("Finding tokens by subject");
    public ValueTask<TResult?> GetAsync<TState, TResult>(Func<IQueryable<OidcToken>, TState, IQueryable<TResult>> query, TState state, CancellationToken cancellationToken) => throw GrainStoreErrors.CrossGrainQuery("Querying tokens");
    public IAsyncEnumerable<OidcToken> ListAsync(int? count, int? offset, CancellationToken cancellationToken) => throw GrainStoreErrors.CrossGrainQuery("Listing tokens");
    public IAsyncEnumerable<TResult> ListAsync<TState, TResult>(Func<IQueryable<OidcToken>, TState, IQueryable<TResult>> query, TState state, CancellationToken cancellationToken) => throw GrainStoreErrors.CrossGrainQuery("Listing tokens");
    public ValueTask<long> RevokeAsync(string? subject, string? client, string? status, string? type, CancellationToken cancellationToken) => throw GrainStoreErrors.CrossGrainQuery("Revoking tokens by subject or client");
    public ValueTask<long> RevokeByApplicationIdAsync(string identifier, CancellationToken cancellationToken = default) => throw GrainStoreErrors.CrossGrainQuery("Revoking tokens by client");
    public ValueTask<long> RevokeBySubjectAsync(string subject, CancellationToken cancellationToken = default) => throw GrainStoreErrors.CrossGrainQuery("Revoking tokens by subject");

    private IAuthSessionGrain Session(string sessionId) => sessions.Get(sessionId);

    /// <summary>The session, about to be changed by this store: a view read earlier in the request no longer holds.</summary>
    private IAuthSessionGrain Changing(string sessionId)
    {
        Forget(sessionId);
        return sessions.Get(sessionId);
    }

    /// <summary>What this request read of the session no longer holds: it is about to change.</summary>
    public void Forget(string sessionId)
    {
        _views.Remove(sessionId);
        _authorizations.Remove(sessionId);
    }

    /// <summary>A session read by the authorization store in this request, kept as if read with a token.</summary>
    public void Remember(AuthorizationLookup lookup)
    {
        _views[lookup.Authorization.Id] = lookup.Session;
        _authorizations[lookup.Authorization.Id] = lookup.Authorization;
    }

    /// <summary>The session as an authorization, read with a token in this request and not changed since; null otherwise.</summary>
    public AuthorizationView? AuthorizationReadWithToken(string sessionId) => _authorizations.GetValueOrDefault(sessionId);

    /// <summary>
    /// The login the next request token of this request begins: at once when
    /// <paramref name="beginNow"/> (the browser itself asked), else when a browser first brings
    /// that request token back. Saves the session a call of its own to begin.
    /// </summary>
    public void StartWith(SessionStart start, bool beginNow) => _start = (start, beginNow);

    /// <summary>True when the login of <paramref name="sessionId"/> began in this request (the flow then binds this browser to it).</summary>
    public bool BegunInThisRequest(string sessionId) => _begun.Contains(sessionId);

    /// <summary>
    /// The session as read with a token looked up in this request (the authorization endpoint's
    /// request token) or with its authorization (userinfo), if nothing has changed it since; null otherwise.
    /// </summary>
    public SessionView? SessionReadWithToken(string sessionId) => _views.GetValueOrDefault(sessionId);
}
