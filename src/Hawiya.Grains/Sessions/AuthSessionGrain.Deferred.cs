namespace Hawiya.Grains.Sessions;

// Writes folded into the next one. What is acknowledged to the citizen or the provider (a code
// sent, a factor passed, an authorization code issued, a code redeemed) is written before the
// answer leaves. What only prepares it (the request fixed at the first page, the citizen named,
// the authorization recorded just before its code) is kept in memory and reaches storage with
// the write that follows it, one or two grain calls later. If the silo dies in between, nothing
// was acknowledged: the citizen starts the login page again, as after any crash.
public sealed partial class AuthSessionGrain
{
    private bool _deferred;

    /// <summary>The stored state's ETag when the last change was deferred; any write since carried it.</summary>
    private string? _deferredAtEtag;

    private void Defer()
    {
        _deferred = true;
        _deferredAtEtag = state.Etag;
    }

    public async Task AuthorizeBeforeCodeAsync(string subject, string[] scopes, string[] claims, DateTimeOffset tokensUntil)
    {
        if (await RecordAuthorizationAsync(subject, scopes, claims, tokensUntil))
        {
            Defer();
        }
    }

    /// <summary>An activation collected or shut down gracefully keeps what it deferred.</summary>
    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (_deferred && state.Etag == _deferredAtEtag)
        {
            await state.WriteStateAsync(cancellationToken);
        }

        await base.OnDeactivateAsync(reason, cancellationToken);
    }
}
