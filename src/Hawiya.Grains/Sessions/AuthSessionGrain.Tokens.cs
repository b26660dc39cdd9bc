using Hawiya.Contracts.Citizens;
using Hawiya.Contracts.Sessions;
using Hawiya.Grains.Common;

namespace Hawiya.Grains.Sessions;

// The session as an OpenIddict ad-hoc authorization and the keeper of its tokens, in a state of
// their own (SessionAuthorizationState): issuing and redeeming never rewrite the login state.
public sealed partial class AuthSessionGrain
{
    private const string Revoked = "revoked";
    private const string Redeemed = "redeemed";
    private const string Valid = "valid";

    /// <summary>
    /// Used-up entries kept for reuse detection. A session that refreshes every few minutes
    /// for a month would otherwise pile up thousands; an entry pruned past this number is no
    /// longer found, so its reuse is still refused, only without revoking the family.
    /// </summary>
    public const int SpentTokensKept = 20;

    public Task<AuthorizationView> GetAuthorizationAsync() => Task.FromResult(AuthorizationNow());

    public Task<AuthorizationLookup> GetAuthorizationWithSessionAsync() =>
        Task.FromResult(new AuthorizationLookup { Authorization = AuthorizationNow(), Session = View() });

    private AuthorizationView AuthorizationNow() => new()
    {
        Id = SessionId,
        ClientId = Authorization.ClientId ?? State.Start?.ClientId,
        Subject = Authorization.Subject,
        Scopes = Authorization.Scopes,
        Revoked = IsRevoked,
        CreatedAt = Authorization.CreatedAt == default ? State.CreatedAt : Authorization.CreatedAt,
    };

    /// <summary>
    /// Revocation is durable in the authorization first (nothing more is issued, nothing issued is
    /// honoured), then in the login state; a crash in between is completed on activation.
    /// </summary>
    private bool IsRevoked => Authorization.Revoked || State.Status == SessionStatus.Revoked;

    public async Task AuthorizeAsync(string subject, string[] scopes, string[]? claims, DateTimeOffset? tokensUntil = null)
    {
        if (await RecordAuthorizationAsync(subject, scopes, claims, tokensUntil))
        {
            await authorization.WriteOrRestoreAsync(this);
        }
    }

    /// <summary>
    /// Until when this activation has had the citizen list this session (not stored: a new
    /// activation asks again). The citizen keeps the latest expiry it was told, and drops a
    /// session from its list only by revoking it, so a shorter or equal expiry needs no call.
    /// </summary>
    private (string CitizenKey, DateTimeOffset Until)? _listedWithCitizen;

    private async Task RegisterWithCitizenAsync(string citizenKey, DateTimeOffset until)
    {
        if (_listedWithCitizen is { } listed && listed.CitizenKey == citizenKey && until <= listed.Until && !IsRevoked)
        {
            return;
        }

        await GrainFactory.GetGrain<ICitizenGrain>(citizenKey).AddSessionAsync(SessionId, until, State.Start?.ClientId);
        var longest = _listedWithCitizen is { } known && known.CitizenKey == citizenKey && known.Until > until ? known.Until : until;
        _listedWithCitizen = (citizenKey, longest);
    }

    /// <summary>Records the authorization in memory; false when it was already so.</summary>
    private async Task<bool> RecordAuthorizationAsync(string subject, string[] scopes, string[]? claims, DateTimeOffset? tokensUntil)
    {
        if (tokensUntil is { } until && State.Authentication is { } authentication)
        {
            // Every session that issues tokens is known to its citizen for as long as they live
            // (sessions adopted through single sign-on included), so revocation reaches them.
            await RegisterWithCitizenAsync(authentication.CitizenKey, until);
        }

        claims ??= Authorization.Claims;
        if (Authorization.Subject == subject && Authorization.Scopes.SequenceEqual(scopes) && Authorization.Claims.SequenceEqual(claims))
        {
            return false;
        }

        Authorization.ClientId ??= State.Start?.ClientId;
        Authorization.Subject = subject;
        Authorization.Scopes = scopes;
        Authorization.Claims = claims;
        StampAuthorization();
        return true;
    }

    private void StampAuthorization()
    {
        if (Authorization.CreatedAt == default)
        {
            Authorization.CreatedAt = State.CreatedAt == default ? time.GetUtcNow() : State.CreatedAt;
        }
    }

    public async Task<long> RevokeAsync()
    {
        long revoked = 0;
        foreach (var (id, token) in Authorization.Tokens.Where(t => t.Value.Status != Revoked).ToArray())
        {
            Authorization.Tokens[id] = token with { Status = Revoked, Version = token.Version + 1 };
            revoked++;
        }

        if (revoked > 0 || !Authorization.Revoked)
        {
            Authorization.Revoked = true;
            await authorization.WriteOrRestoreAsync(this);
        }

        if (State.Status != SessionStatus.Revoked)
        {
            State.Status = SessionStatus.Revoked;
            State.Challenge = null;
            await state.WriteOrRestoreAsync(this);
            await NotifyBackchannelLogoutAsync(wasLive: true);
        }

        return revoked;
    }

    public async Task<TokenRecord> AddTokenAsync(TokenRecord token)
    {
        var stored = Add(token);
        // A token never refers to a login that storage has not seen.
        await WriteLoginIfDeferredAsync();
        await authorization.WriteOrRestoreAsync(this);
        return stored;
    }

    public Task<TokenLookup> AddRequestTokenAsync(TokenRecord token, SessionStart? start, bool beginNow)
    {
        var stored = Add(token);
        DeferAuthorization();
        var begun = false;
        if (start is not null && State.Start is null && State.Status == SessionStatus.Pending)
        {
            if (beginNow)
            {
                Begin(start);
                begun = true;
            }
            else
            {
                State.PendingStart = start;
                Defer();
            }
        }

        return Task.FromResult(new TokenLookup { Token = stored, Session = View(), BegunNow = begun });
    }

    private TokenRecord Add(TokenRecord token)
    {
        if (!token.Id.StartsWith(SessionId + ".", StringComparison.Ordinal) || Authorization.Tokens.ContainsKey(token.Id))
        {
            throw new ArgumentException("A token id must be new and start with its session id.", nameof(token));
        }

        // SECURITY: nothing new is issued from a revoked session.
        var status = IsRevoked ? Revoked : token.Status;
        var stored = token with { Status = status, Version = 1 };
        Prune();
        Authorization.Tokens[stored.Id] = stored;
        StampAuthorization();
        return stored;
    }

    /// <summary>Drops expired entries and all but the newest spent ones (see <see cref="SpentTokensKept"/>).</summary>
    private void Prune()
    {
        var now = time.GetUtcNow();
        foreach (var expired in Authorization.Tokens.Values.Where(t => t.ExpiresAt < now).Select(t => t.Id).ToArray())
        {
            Authorization.Tokens.Remove(expired);
        }

        var spent = Authorization.Tokens.Values.Where(t => t.Status != Valid).OrderByDescending(t => t.CreatedAt).Skip(SpentTokensKept).Select(t => t.Id).ToArray();
        foreach (var id in spent)
        {
            Authorization.Tokens.Remove(id);
        }
    }

    public async Task<TokenUpdate> UpdateTokenAsync(TokenRecord token)
    {
        if (!Authorization.Tokens.TryGetValue(token.Id, out var current) || current.Version != token.Version)
        {
            return new TokenUpdate { Succeeded = false, Current = current };
        }

        // A revoked token stays revoked whatever the caller wrote. A spent code keeps its
        // payload: OpenIddict opens it again to recognise a reuse and revoke what it issued.
        var status = current.Status == Revoked ? Revoked : token.Status;
        var stored = token with { Status = status, Version = current.Version + 1 };
        Authorization.Tokens[token.Id] = stored;
        await authorization.WriteOrRestoreAsync(this);
        return new TokenUpdate { Succeeded = true, Current = stored };
    }

    public Task<TokenUpdate> HoldRedemptionAsync(TokenRecord token, Guid redeemedBy)
    {
        if (!Authorization.Tokens.TryGetValue(token.Id, out var current) || current.Version != token.Version || current.Status != Valid)
        {
            return Task.FromResult(new TokenUpdate { Succeeded = false, Current = current });
        }

        var held = token with { Status = Redeemed, RedeemedBy = redeemedBy, Version = current.Version + 1 };
        Authorization.Tokens[token.Id] = held;
        // A graceful deactivation writes it; a crash loses it before anything was issued from it.
        DeferAuthorization();
        return Task.FromResult(new TokenUpdate { Succeeded = true, Current = held });
    }

    public async Task<TokenRecord?> AddTokenRedeemingAsync(TokenRecord token, TokenRecord held) =>
        StillHeld(held) ? await AddTokenAsync(token) : null;

    public async Task<TokenRecord?> AddCodeAsync(TokenRecord code, TokenRecord held, AuthorizationGrant grant)
    {
        if (!StillHeld(held))
        {
            return null;
        }

        await RecordAuthorizationAsync(grant.Subject, grant.Scopes, grant.Claims, grant.TokensUntil);
        return await AddTokenAsync(code);
    }

    public async Task<bool> ConfirmRedemptionAsync(TokenRecord held)
    {
        if (!StillHeld(held))
        {
            return false;
        }

        await authorization.WriteOrRestoreAsync(this);
        return true;
    }

    /// <summary>
    /// Whether the redemption held as <paramref name="held"/> is still its holder's, putting it
    /// in place if this activation does not hold it while nobody else touched the entry: a
    /// redemption carried by its caller (the entry still valid at the version before
    /// <paramref name="held"/>), or one held and lost since (a crash, or a failed write that
    /// reloaded the state). An entry held by that request and revoked since counts as held.
    /// </summary>
    private bool StillHeld(TokenRecord held)
    {
        if (held.RedeemedBy is null || !Authorization.Tokens.TryGetValue(held.Id, out var current))
        {
            return false;
        }

        // Held here by that request, then revoked or not: a revocation since counts as held, and what follows is born revoked.
        if (current.RedeemedBy == held.RedeemedBy && (current.Version == held.Version || current.Status == Revoked))
        {
            return true;
        }

        if (current.Version == held.Version - 1 && current.Status == Valid)
        {
            Authorization.Tokens[held.Id] = held;
            return true;
        }

        return false;
    }

    public Task<TokenRecord?> GetTokenAsync(string tokenId) =>
        Task.FromResult(Authorization.Tokens.GetValueOrDefault(tokenId));

    public Task<TokenLookup> FindTokenWithSessionAsync(string referenceHash)
    {
        var token = Authorization.Tokens.Values.FirstOrDefault(t => t.ReferenceHash == referenceHash);
        // The browser bringing a pushed request's token first is the one the login is bound to
        // (before the login begins, the session's only entry is that request token).
        var begun = false;
        if (token is { Status: Valid } && token.ExpiresAt > time.GetUtcNow()
            && State.PendingStart is { } start && State.Start is null && State.Status == SessionStatus.Pending)
        {
            State.PendingStart = null;
            Begin(start);
            begun = true;
        }

        return Task.FromResult(new TokenLookup
        {
            Token = token,
            Session = View(),
            Authorization = AuthorizationNow(),
            BegunNow = begun,
        });
    }

    public Task<TokenRecord[]> ListTokensAsync() => Task.FromResult(Authorization.Tokens.Values.ToArray());
}
