using Hawiya.Grains.Common;

namespace Hawiya.Grains.Sessions;

// Writes folded into the next one. What is acknowledged to the citizen or the provider (a code
// sent, a factor passed, an authorization code issued, a code redeemed) is written before the
// answer leaves. What only prepares it (the request token a pushed request is answered with, the
// request fixed at the first page, the citizen named, the authorization recorded just before its
// code) is kept in memory and reaches storage with the write that follows it, a few grain calls
// later. If the silo dies in between, nothing was acknowledged that a retry does not repair: the
// provider's request_uri is unknown, or the citizen starts the login page again, as after any
// crash. Each of the two states (login, authorization) defers on its own and is carried by its
// own next write.
public sealed partial class AuthSessionGrain
{
    private bool _deferred;

    /// <summary>The stored login state's ETag when its last change was deferred; any write since carried it.</summary>
    private string? _deferredAtEtag;

    private bool _authorizationDeferred;

    private string? _authorizationDeferredAtEtag;

    private void Defer()
    {
        _deferred = true;
        _deferredAtEtag = state.Etag;
    }

    private void DeferAuthorization()
    {
        _authorizationDeferred = true;
        _authorizationDeferredAtEtag = authorization.Etag;
    }

    private bool LoginDeferred => _deferred && state.Etag == _deferredAtEtag;

    private async Task WriteLoginIfDeferredAsync()
    {
        if (LoginDeferred)
        {
            await state.WriteOrRestoreAsync(this);
        }
    }

    public async Task AuthorizeBeforeCodeAsync(string subject, string[] scopes, string[] claims, DateTimeOffset tokensUntil)
    {
        if (await RecordAuthorizationAsync(subject, scopes, claims, tokensUntil))
        {
            DeferAuthorization();
        }
    }

    /// <summary>An activation collected or shut down gracefully keeps what it deferred.</summary>
    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (LoginDeferred)
        {
            await state.WriteStateAsync(cancellationToken);
        }

        if (_authorizationDeferred && authorization.Etag == _authorizationDeferredAtEtag)
        {
            await authorization.WriteStateAsync(cancellationToken);
        }

        await base.OnDeactivateAsync(reason, cancellationToken);
    }
}
