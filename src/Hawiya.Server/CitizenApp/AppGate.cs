using Hawiya.Contracts.Common;
using Hawiya.Contracts.Journal;
using Hawiya.Server.CitizenApi;
using Microsoft.Extensions.Options;

namespace Hawiya.Server.CitizenApp;

/// <summary>
/// Who may do what on <c>/app</c>: any live login of the citizen reads; every change to the
/// identity's security (a device, a contact point, a method on or off) needs a login at eidas2
/// made within <c>Hawiya:CitizenApi:StepUpMaxAge</c>, the portal's rule, and is journalled.
/// </summary>
public sealed class AppGate(AppAccessTokens tokens, IOptions<CitizenApiSettings> settings, IGrainFactory grains, TimeProvider time)
{
    /// <summary>What a change needs: it can add or remove a way in, so only a strong login makes one.</summary>
    public const LevelOfAssurance ChangeLevel = LevelOfAssurance.Substantial;

    /// <summary>A read: any valid app token.</summary>
    public async Task<(AppCaller? Caller, IResult? Refusal)> ReaderAsync(HttpContext http) =>
        await tokens.AuthenticateAsync(http) is { } caller ? (caller, null) : (null, AppProblems.InvalidToken(http));

    /// <summary>
    /// A change: RFC 9470 step-up, a login at eidas2 or higher no older than the portal's
    /// <c>StepUpMaxAge</c>; otherwise a challenge naming <c>acr_values</c> and <c>max_age</c>.
    /// </summary>
    public async Task<(AppCaller? Caller, IResult? Refusal)> ChangerAsync(HttpContext http)
    {
        if (await tokens.AuthenticateAsync(http) is not { } caller)
        {
            return (null, AppProblems.InvalidToken(http));
        }

        // SECURITY: a password or an SMS code alone (eidas1), or a login left open on the phone,
        // must not remove devices or turn methods off: that would lock the holder out silently.
        var maxAge = settings.Value.StepUpMaxAge;
        return caller.Level >= ChangeLevel && time.GetUtcNow() - caller.AuthTime <= maxAge
            ? (caller, null)
            : (null, AppProblems.InsufficientLevel(http, ChangeLevel, maxAge));
    }

    /// <summary>
    /// Journals a change made from the app; the journal raises the alert (security events are
    /// pushed and also sent by email or SMS, so a thief holding the phone cannot hide it).
    /// </summary>
    public Task RecordAsync(AppCaller caller, JournalEventKind kind, string detail) =>
        grains.GetGrain<ICitizenJournalGrain>(caller.CitizenKey).RecordAsync(new JournalEvent
        {
            Kind = kind,
            At = time.GetUtcNow(),
            Level = caller.Level,
            Detail = detail,
        });
}
