using Hawiya.Contracts.Cards;
using Hawiya.Contracts.Citizens;
using Hawiya.Contracts.Common;
using Hawiya.Contracts.Journal;
using Hawiya.Server.Citizens;
using Microsoft.Extensions.Options;

namespace Hawiya.Server.CitizenApi;

/// <summary>
/// What the citizen changes. Withdrawing access (a consent, "not me") is open to any login of
/// the citizen; changing methods, status, cards or alerts needs a recent login at eidas2
/// (RFC 9470 step-up), so a stolen password alone cannot silence or lock out the holder.
/// Every change is written to the citizen's journal, from which alerts are raised.
/// </summary>
internal static class CitizenActionEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapDelete("/consents/{clientId}", async (HttpContext http, IGrainFactory grains, TimeProvider time, string clientId) =>
        {
            var caller = http.Caller();
            var revocation = await grains.GetGrain<ICitizenGrain>(caller.CitizenKey).RevokeProviderAsync(clientId);
            if (!revocation.ConsentRemoved && revocation.SessionsRevoked == 0)
            {
                return CitizenProblems.NotFound("unknown_consent", "There is no consent or session for this provider.");
            }

            await RecordAsync(grains, caller, time, JournalEventKind.ConsentRevoked, clientId: clientId);
            return Results.Ok(new ConsentRevocationView(clientId, revocation.ConsentRemoved, revocation.SessionsRevoked));
        });

        // "Not me": frozen first, then every session revoked (providers told by back-channel logout) and journalled.
        api.MapPost("/not-me", async (HttpContext http, NotMe notMe) =>
        {
            var outcome = await notMe.ReportAsync(http.Caller().CitizenKey);
            return outcome.Succeeded
                ? Results.Ok(new NotMeView(outcome.Snapshot.Status, outcome.SessionsRevoked))
                : CitizenProblems.Conflict(outcome.Error.ToString(), $"{outcome.Snapshot.Status} cannot be frozen.");
        });

        var stepUp = api.MapGroup("").AddEndpointFilter<RequireRecentSubstantialLogin>();
        stepUp.MapPut("/methods/{method}", async (HttpContext http, IGrainFactory grains, TimeProvider time, string method, MethodChange change) =>
        {
            if (!Enum.TryParse<AuthMethod>(method, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed) || int.TryParse(method, out _))
            {
                return CitizenProblems.NotFound("unknown_method", $"No authentication method is called '{method}'.");
            }

            if (change.Enabled is not { } enabled)
            {
                return CitizenProblems.BadRequest("invalid_request", "enabled (true or false) is required.");
            }

            var caller = http.Caller();
            var before = await grains.GetGrain<ICitizenGrain>(caller.CitizenKey).GetAsync();
            var result = await grains.GetGrain<ICitizenGrain>(caller.CitizenKey).SetMethodEnabledAsync(parsed, enabled);
            if (!result.Succeeded)
            {
                return result.Error == CitizenError.MethodNotEnrolled
                    ? CitizenProblems.NotFound("method_not_enrolled", $"{parsed} is not enrolled.")
                    : CitizenProblems.Conflict(result.Error.ToString(), result.Detail);
            }

            if (before.IsEnabled(parsed) != enabled)
            {
                await RecordAsync(grains, caller, time, enabled ? JournalEventKind.MethodEnabled : JournalEventKind.MethodDisabled, detail: parsed.ToString());
            }

            return Results.Ok(await CitizenReadEndpoints.ProfileAsync(grains, caller));
        });

        stepUp.MapPost("/identity/activate", (HttpContext http, IGrainFactory grains, TimeProvider time) =>
            ChangeStatusAsync(http, grains, time, c => c.ActivateAsync(), JournalEventKind.Activated));
        stepUp.MapPost("/identity/deactivate", (HttpContext http, IGrainFactory grains, TimeProvider time) =>
            ChangeStatusAsync(http, grains, time, c => c.DeactivateAsync(), JournalEventKind.Deactivated));

        stepUp.MapPost("/cards/{cardKey}/report", async (HttpContext http, IGrainFactory grains, string cardKey, CardReport report) =>
        {
            if (report.Cause is not ({ } cause and (CardRevocationCause.Lost or CardRevocationCause.Stolen)))
            {
                return CitizenProblems.BadRequest("invalid_request", "cause must be Lost or Stolen.");
            }

            var caller = http.Caller();
            var snapshot = await grains.GetGrain<ICitizenGrain>(caller.CitizenKey).GetAsync();
            // SECURITY: only the citizen's own cards; any other key answers as if it did not exist.
            if (!snapshot.CardKeys.Contains(cardKey, StringComparer.Ordinal))
            {
                return CitizenProblems.NotFound("unknown_card", "No card of yours has this key.");
            }

            // The card grain journals the revocation for its holder (and so alerts) and, for a lost or
            // stolen card, ends every session of the holder, this one included.
            var result = await grains.GetGrain<ICardGrain>(cardKey).RevokeAsync(cause);
            return result.Error == CardError.None
                ? Results.Ok(new CardView(cardKey, result.Snapshot.Status, result.Snapshot.RevocationCause, result.Snapshot.Issue?.NotAfter))
                : CitizenProblems.Conflict(result.Error.ToString(), result.Detail);
        });

        stepUp.MapPut("/alerts", async (HttpContext http, IGrainFactory grains, AlertPreferencesView change) =>
        {
            if (change.Use is not { } use || change.NewMethod is not { } newMethod || change.CardStatus is not { } cardStatus
                || !Enum.IsDefined(use) || !Enum.IsDefined(newMethod) || !Enum.IsDefined(cardStatus))
            {
                return CitizenProblems.BadRequest("invalid_request", "use, newMethod and cardStatus each need a channel: Push, Sms, Email or None.");
            }

            // Security events always reach the citizen: only uses may be left to the activity page.
            if (newMethod == AlertChannel.None || cardStatus == AlertChannel.None)
            {
                return CitizenProblems.BadRequest("invalid_request", "New methods and card status changes are always alerted; None is allowed for uses only.");
            }

            var journal = grains.GetGrain<ICitizenJournalGrain>(http.Caller().CitizenKey);
            await journal.SetAlertPreferencesAsync(new AlertPreferences { Use = use, NewMethod = newMethod, CardStatus = cardStatus });
            return Results.Ok(change);
        });
    }

    private static async Task<IResult> ChangeStatusAsync(
        HttpContext http, IGrainFactory grains, TimeProvider time, Func<ICitizenGrain, Task<CitizenResult>> change, JournalEventKind kind)
    {
        var caller = http.Caller();
        var citizen = grains.GetGrain<ICitizenGrain>(caller.CitizenKey);
        var before = await citizen.GetAsync();
        var result = await change(citizen);
        if (!result.Succeeded)
        {
            return CitizenProblems.Conflict(result.Error.ToString(), result.Detail);
        }

        if (before.Status != result.Snapshot.Status)
        {
            await RecordAsync(grains, caller, time, kind);
        }

        return Results.Ok(await CitizenReadEndpoints.ProfileAsync(grains, caller));
    }

    internal static Task RecordAsync(IGrainFactory grains, CitizenCaller caller, TimeProvider time, JournalEventKind kind, string? clientId = null, string? detail = null) =>
        grains.GetGrain<ICitizenJournalGrain>(caller.CitizenKey).RecordAsync(new JournalEvent
        {
            Kind = kind,
            At = time.GetUtcNow(),
            ClientId = clientId,
            Level = caller.Level,
            Detail = detail,
        });
}

/// <summary>RFC 9470: changes to the identity's security need a login at eidas2 or above, made recently.</summary>
internal sealed class RequireRecentSubstantialLogin(TimeProvider time, IOptions<CitizenApiSettings> settings) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var caller = context.HttpContext.Caller();
        var maxAge = settings.Value.StepUpMaxAge;
        if (caller.Level < LevelOfAssurance.Substantial || time.GetUtcNow() - caller.AuthTime > maxAge)
        {
            return CitizenProblems.StepUpRequired(context.HttpContext, LevelOfAssurance.Substantial.ToAcr(), maxAge);
        }

        return await next(context);
    }
}
