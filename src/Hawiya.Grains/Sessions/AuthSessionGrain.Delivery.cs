using Hawiya.Grains.Common;

namespace Hawiya.Grains.Sessions;

// What became of a code handed to the send queue after the page was shown.
public sealed partial class AuthSessionGrain
{
    public async Task ReportCodeUndeliveredAsync(DateTimeOffset codeExpiresAt)
    {
        // Only the code that failed: a newer one (resend) is left alone.
        if (State.Challenge is not { } challenge || challenge.ExpiresAt != codeExpiresAt)
        {
            return;
        }

        State.Challenge = null;
        State.UndeliveredCode = challenge.Channel;
        await state.WriteOrRestoreAsync(this);
    }
}
