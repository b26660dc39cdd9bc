using Hawiya.Contracts.Sessions;
using Hawiya.Grains.Common;

namespace Hawiya.Grains.Sessions;

// On activation: a session stored before the authorization had its own state is moved there,
// and a revocation that reached the authorization but not the login state is completed.
public sealed partial class AuthSessionGrain
{
    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (State.LegacyTokens is not null || State.LegacySubject is not null)
        {
            await MoveLegacyAuthorizationAsync();
        }

        if (Authorization.Revoked && State.Status != SessionStatus.Revoked)
        {
            State.Status = SessionStatus.Revoked;
            State.Challenge = null;
            Defer();
        }
    }

    /// <summary>
    /// The authorization is written first, then the login state without it: a crash in between
    /// leaves both copies, and the next activation finds the authorization already there.
    /// </summary>
    private async Task MoveLegacyAuthorizationAsync()
    {
        if (!authorization.RecordExists)
        {
            Authorization.ClientId = State.Start?.ClientId;
            Authorization.Subject = State.LegacySubject;
            Authorization.Scopes = State.LegacyAuthorizedScopes ?? [];
            Authorization.Claims = State.LegacyAuthorizedClaims ?? [];
            Authorization.Tokens = State.LegacyTokens ?? [];
            Authorization.Revoked = State.Status == SessionStatus.Revoked;
            Authorization.CreatedAt = State.CreatedAt;
            await authorization.WriteOrRestoreAsync(this);
        }

        State.LegacyTokens = null;
        State.LegacySubject = null;
        State.LegacyAuthorizedScopes = null;
        State.LegacyAuthorizedClaims = null;
        await state.WriteOrRestoreAsync(this);
    }
}
