using Hawiya.Contracts.Citizens;
using Hawiya.Contracts.Journal;

namespace Hawiya.Server.Citizens;

/// <summary>What a "not me" report did.</summary>
public sealed record NotMeOutcome(CitizenError Error, int SessionsRevoked, CitizenSnapshot Snapshot)
{
    public bool Succeeded => Error == CitizenError.None;
}

/// <summary>
/// "Not me": the citizen saw a use of their identity they did not make. The identity is frozen
/// (only the holder's own card unfreezes it), every session and token is revoked at once, every
/// provider holding a session is told by back-channel logout, and the citizen is alerted.
/// Repeating the report is harmless.
/// </summary>
public sealed partial class NotMe(IGrainFactory grains, TimeProvider time, ILogger<NotMe> logger)
{
    public async Task<NotMeOutcome> ReportAsync(string citizenKey)
    {
        ArgumentException.ThrowIfNullOrEmpty(citizenKey);
        var citizen = grains.GetGrain<ICitizenGrain>(citizenKey);
        var frozen = await citizen.FreezeAsync();
        if (!frozen.Succeeded && frozen.Snapshot.Status != CitizenStatus.Frozen)
        {
            return new NotMeOutcome(frozen.Error, 0, frozen.Snapshot);
        }

        // Frozen first: from here no login completes, so no session can slip in behind the revocation.
        var revoked = await citizen.RevokeAllSessionsAsync();
        await grains.GetGrain<ICitizenJournalGrain>(citizenKey).RecordAsync(new JournalEvent
        {
            Kind = JournalEventKind.Frozen,
            At = time.GetUtcNow(),
            Detail = "not-me",
        });
        LogReported(citizenKey, revoked);
        return new NotMeOutcome(CitizenError.None, revoked, frozen.Snapshot);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Not-me report for citizen {CitizenKey}: identity frozen, {Sessions} sessions revoked")]
    private partial void LogReported(string citizenKey, int sessions);
}
