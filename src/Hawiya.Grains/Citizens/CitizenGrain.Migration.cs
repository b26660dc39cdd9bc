namespace Hawiya.Grains.Citizens;

// Citizens stored before the state was split kept their consents, sessions and devices in
// "citizen". Their first activation moves those parts to their own states; nothing is dropped.
// Citizens stored before contact points were sealed are written again, sealed, on activation.
public sealed partial class CitizenGrain
{
    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (HasLegacyParts)
        {
            await MoveLegacyPartsAsync();
        }

        // Contact points stored in the clear before they were sealed: written again, sealed.
        if (State.StoredInClear)
        {
            await state.WriteStateAsync();
            State.StoredInClear = false;
        }
    }

    private bool HasLegacyParts =>
        State.LegacyConsents is not null || State.LegacySessions is not null || State.LegacySessionClients is not null
        || State.LegacyDevices is not null || State.LegacyOutstandingPushes is not null || State.LegacyLastThrottleAlertAt is not null;

    /// <summary>
    /// Copies each legacy part to its state, then empties the legacy fields. The new states are
    /// written first and "citizen" last, so if the silo dies in between the legacy copy is still
    /// stored and the next activation finishes the move. A state that was already written (it
    /// exists in storage) came from this move or from a later change, so it is kept as it is and
    /// only the legacy copy is dropped. Plain writes: if one fails the activation fails, and the
    /// next call starts again from storage.
    /// </summary>
    private async Task MoveLegacyPartsAsync()
    {
        var legacy = State;
        if (!consents.RecordExists && legacy.LegacyConsents is { Count: > 0 } legacyConsents)
        {
            consents.State.Consents = legacyConsents;
            await consents.WriteStateAsync();
        }

        if (!sessions.RecordExists && (legacy.LegacySessions is { Count: > 0 } || legacy.LegacySessionClients is { Count: > 0 }))
        {
            sessions.State.Sessions = legacy.LegacySessions ?? [];
            sessions.State.Clients = legacy.LegacySessionClients ?? [];
            await sessions.WriteStateAsync();
        }

        if (!devices.RecordExists
            && (legacy.LegacyDevices is { Count: > 0 } || legacy.LegacyOutstandingPushes is { Count: > 0 } || legacy.LegacyLastThrottleAlertAt is not null))
        {
            devices.State.Devices = legacy.LegacyDevices ?? [];
            devices.State.OutstandingPushes = legacy.LegacyOutstandingPushes ?? [];
            devices.State.LastThrottleAlertAt = legacy.LegacyLastThrottleAlertAt;
            await devices.WriteStateAsync();
        }

        legacy.LegacyConsents = null;
        legacy.LegacySessions = null;
        legacy.LegacySessionClients = null;
        legacy.LegacyDevices = null;
        legacy.LegacyOutstandingPushes = null;
        legacy.LegacyLastThrottleAlertAt = null;
        await state.WriteStateAsync();
    }
}
