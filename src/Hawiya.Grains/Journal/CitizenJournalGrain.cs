using Hawiya.Contracts.Common;
using Hawiya.Contracts.Journal;
using Hawiya.Grains.Common;

namespace Hawiya.Grains.Journal;

[GenerateSerializer, Alias("hawiya.CitizenJournalState")]
public sealed class CitizenJournalState
{
    /// <summary>The sequence number of the last entry ever recorded.</summary>
    [Id(0)] public long Last { get; set; }
    /// <summary>The most recent entries, oldest first, at most <see cref="CitizenJournalGrain.Kept"/>.</summary>
    [Id(1)] public List<JournalEntry> Entries { get; set; } = [];
    [Id(2)] public AlertPreferences Preferences { get; set; } = new();
}

public sealed class CitizenJournalGrain(
    [PersistentState("journal", StorageNames.Default)] IPersistentState<CitizenJournalState> state) : Grain, ICitizenJournalGrain
{
    /// <summary>How many entries the activity page can go back through.</summary>
    public const int Kept = 500;

    private const int MaxPage = 100;

    public async Task<long> RecordAsync(JournalEvent entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var s = state.State;
        var sequence = s.Last + 1;
        s.Entries.Add(new JournalEntry(sequence, entry));
        if (s.Entries.Count > Kept)
        {
            s.Entries.RemoveRange(0, s.Entries.Count - Kept);
        }

        s.Last = sequence;
        await state.WriteOrRestoreAsync(this);
        return sequence;
    }

    public Task<JournalPage> ListAsync(long? before, int count)
    {
        count = Math.Clamp(count, 1, MaxPage);
        var older = state.State.Entries.Where(e => before is null || e.Sequence < before).Reverse().Take(count + 1).ToArray();
        var page = older.Take(count).ToArray();
        return Task.FromResult(new JournalPage { Entries = page, Next = older.Length > count ? page[^1].Sequence : null });
    }

    public Task<AlertPreferences> GetAlertPreferencesAsync() => Task.FromResult(state.State.Preferences);

    public async Task SetAlertPreferencesAsync(AlertPreferences preferences)
    {
        ArgumentNullException.ThrowIfNull(preferences);
        // Security events always reach the citizen: only plain uses may be left unannounced.
        if (preferences.NewMethod == AlertChannel.None || preferences.CardStatus == AlertChannel.None)
        {
            throw new ArgumentException("Alerts on new methods and on the card cannot be turned off.", nameof(preferences));
        }

        state.State.Preferences = preferences;
        await state.WriteOrRestoreAsync(this);
    }
}
