namespace Hawiya.Grains.Citizens.Sealing;

/// <summary>
/// Seals a citizen's contact points as the state is serialized for storage, and opens them as it
/// is read back (Orleans serialization callbacks: every write and read of "citizen" passes here,
/// whichever grain method changed it). In memory the grain reads and sets plain values
/// (<see cref="CitizenState.Phone"/>, <see cref="CitizenState.Email"/>,
/// <see cref="CitizenContactVerificationState.Destination"/>), none of which is a stored member.
/// A state stored in the clear before sealing still loads (its legacy members) and is flagged, so
/// that its activation writes it again, sealed (<c>CitizenGrain.Migration</c>).
/// </summary>
public sealed class ContactSealHooks(ContactSeal seal)
{
    private const string PhoneField = "phone";
    private const string EmailField = "email";
    private const string PendingField = "pending";

    public void OnSerializing(CitizenState state)
    {
        state.LegacyPhone = null;
        state.LegacyEmail = null;
        if (state.PendingContact is { } pending)
        {
            pending.LegacyDestination = null;
        }

        var pendingDestination = state.PendingContact?.Destination is { Length: > 0 } destination ? destination : null;
        if (state.Phone is null && state.Email is null && pendingDestination is null)
        {
            state.SealedContacts = null;
            return;
        }

        state.DataKey ??= state.SealedContacts is { } stored ? seal.Unwrap(stored.KeyId, stored.WrappedDataKey) : ContactSeal.NewDataKey();
        var key = state.DataKey;
        state.SealedContacts = new SealedContactsState
        {
            KeyId = seal.KeyId,
            // A data key wrapped by a retired key is wrapped again under the current one here.
            WrappedDataKey = state.SealedContacts is { } kept && kept.KeyId == seal.KeyId ? kept.WrappedDataKey : seal.Wrap(key),
            Phone = state.Phone is { } phone ? ContactSeal.SealValue(key, PhoneField, phone) : null,
            Email = state.Email is { } email ? ContactSeal.SealValue(key, EmailField, email) : null,
            PendingDestination = pendingDestination is null ? null : ContactSeal.SealValue(key, PendingField, pendingDestination),
        };
    }

    public void OnDeserialized(CitizenState state)
    {
        state.StoredInClear = state.LegacyPhone is not null || state.LegacyEmail is not null || state.PendingContact?.LegacyDestination is not null;
        if (state.SealedContacts is { } stored)
        {
            var key = state.DataKey = seal.Unwrap(stored.KeyId, stored.WrappedDataKey);
            state.Phone = stored.Phone is { } phone ? ContactSeal.OpenValue(key, PhoneField, phone) : null;
            state.Email = stored.Email is { } email ? ContactSeal.OpenValue(key, EmailField, email) : null;
            if (state.PendingContact is { } pending && stored.PendingDestination is { } destination)
            {
                pending.Destination = ContactSeal.OpenValue(key, PendingField, destination);
            }
        }

        state.Phone ??= state.LegacyPhone;
        state.Email ??= state.LegacyEmail;
        if (state.PendingContact is { LegacyDestination: { } legacy } clear)
        {
            clear.Destination = legacy;
        }
    }

    /// <summary>A copy (memory storage, tests) keeps the values held only in memory.</summary>
    public void OnCopied(CitizenState original, CitizenState copy)
    {
        copy.Phone = original.Phone;
        copy.Email = original.Email;
        copy.DataKey = original.DataKey;
        copy.StoredInClear = original.StoredInClear;
        if (original.PendingContact is { } pending && copy.PendingContact is { } copied)
        {
            copied.Destination = pending.Destination;
        }
    }
}
