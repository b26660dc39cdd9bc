using Hawiya.Contracts.Logout;
using Microsoft.Extensions.Logging;

namespace Hawiya.Grains.Sessions;

// A revoked session tells its provider (OpenID Connect Back-Channel Logout 1.0), whatever the
// reason: "not me", a card lost or stolen, consent withdrawn, a replayed code or refresh token.
public sealed partial class AuthSessionGrain
{
    private async Task NotifyBackchannelLogoutAsync(bool wasLive)
    {
        if (!wasLive || Authorization.Subject is not { } subject || State.Start?.ClientId is not { } clientId)
        {
            return;
        }

        try
        {
            // One durable write in the provider's queue; the HTTP delivery happens after.
            await GrainFactory.GetGrain<IBackchannelLogoutGrain>(clientId).EnqueueAsync(subject);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // The revocation itself is durable and is what protects the citizen; a provider
            // not told keeps its own session only until that session's expiry.
            LogLogoutNotQueued(exception, clientId);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Back-channel logout to {ClientId} could not be queued")]
    private partial void LogLogoutNotQueued(Exception exception, string clientId);
}
