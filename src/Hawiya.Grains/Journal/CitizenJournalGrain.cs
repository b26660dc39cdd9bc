using Hawiya.Contracts.Common;
using Hawiya.Contracts.Journal;
using Hawiya.Receipts;
using Hawiya.Grains.Common;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Storage;

namespace Hawiya.Grains.Journal;

public sealed partial class CitizenJournalGrain(
    [PersistentState("journal", StorageNames.Default)] IPersistentState<CitizenJournalState> state,
    [FromKeyedServices(StorageNames.Default)] IGrainStorage storage,
    ReceiptSigner receipts,
    IOptions<AlertOptions> alertOptions,
    AlertDispatcher alerts,
    TimeProvider time,
    ILogger<CitizenJournalGrain> logger) : Grain, ICitizenJournalGrain, IRemindable
{
    /// <summary>How many entries the activity page can go back through.</summary>
    public const int Kept = 500;

    private const int MaxPage = 100;

    private string CitizenKey => this.GetPrimaryKeyString();

    /// <summary>The older entries, read only by the activity page, a receipt not in the head, and a move.</summary>
    private OnDemandState<CitizenJournalArchiveState> Archive =>
        _archive ??= new("journal-archive", this.GetGrainId(), storage);

    private OnDemandState<CitizenJournalArchiveState>? _archive;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // A journal stored before the archive existed holds all its entries in the head.
        if (state.State.Entries.Count > RecentKept)
        {
            await WriteAsync();
        }

        if (state.State.Outbox.Count > 0 || state.State.Windows.Count > 0)
        {
            await DispatchAlertsAsync();
        }
    }

    /// <summary>An activation collected or shut down gracefully writes the alerts it took out of the outbox.</summary>
    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (_doneUnwritten.Count > 0)
        {
            state.State.Outbox.RemoveAll(a => _doneUnwritten.Contains(a.Id));
            await state.WriteStateAsync(cancellationToken);
            _doneUnwritten.Clear();
        }

        await base.OnDeactivateAsync(reason, cancellationToken);
    }

    public async Task<long> RecordAsync(JournalEvent entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var sequence = Append(entry);
        var raised = RaiseAlert(entry);
        await WriteAsync();
        await AfterAlertRaisedAsync(raised);
        return sequence;
    }

    public async Task<JournalPage> ListAsync(long? before, int count)
    {
        count = Math.Clamp(count, 1, MaxPage);
        var older = (await ViewAsync()).Where(e => before is null || e.Sequence < before).Reverse().Take(count + 1).ToArray();
        var page = older.Take(count).ToArray();
        return new JournalPage { Entries = page, Next = older.Length > count ? page[^1].Sequence : null };
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
        await WriteAsync();
    }

    private long Append(JournalEvent entry)
    {
        var s = state.State;
        var sequence = s.Last + 1;
        // What goes beyond Kept is dropped when the entries move to the archive.
        s.Entries.Add(new JournalEntry(sequence, entry));
        s.Last = sequence;
        return sequence;
    }
}
