using Hawiya.Contracts.Journal;
using Hawiya.Grains.Common;

namespace Hawiya.Grains.Journal;

// Recent entries apart from the archive: a login rewrites the head (at most RecentKept entries),
// and the archive is rewritten about once every RecentKept records, when the head's entries move there.
public sealed partial class CitizenJournalGrain
{
    /// <summary>
    /// How many entries the head keeps before they move to the archive. A login writes at most
    /// this many receipts (about 0.7 KB each) instead of <see cref="ReceiptsKept"/>; the archive,
    /// up to <see cref="Kept"/> entries, is written about once every this many records.
    /// </summary>
    public const int RecentKept = 16;

    /// <summary>
    /// Writes the head, first moving its entries to the archive once they are more than
    /// <see cref="RecentKept"/>. The archive is written first: if the silo stops before the head
    /// is written, the entries are in both states, never in neither, and <see cref="ViewAsync"/> counts them once.
    /// The archive is read only here and by the readers of older entries, never at activation.
    /// </summary>
    private async Task WriteAsync()
    {
        if (state.State.Entries.Count > RecentKept)
        {
            try
            {
                var entries = await ViewAsync();
                (await Archive.GetAsync()).Entries = entries;
                await Archive.WriteOrForgetAsync();
            }
            catch
            {
                // The entry being recorded was not acknowledged: the head forgets it too.
                await state.RestoreAsync(this);
                throw;
            }

            state.State.Entries = [];
        }

        // A failed write reloads the state: alerts already done are taken out again before the next one.
        state.State.Outbox.RemoveAll(a => _doneUnwritten.Contains(a.Id));
        await state.WriteOrRestoreAsync(this);
        _doneUnwritten.Clear();
    }

    /// <summary>
    /// The entries kept, oldest first, across the archive and the head: at most <see cref="Kept"/>,
    /// the newest <see cref="ReceiptsKept"/> receipts with their JWS. Between two moves, archive and
    /// head together may store up to <see cref="RecentKept"/> more of either: the oldest are left out
    /// here, and out of storage at the next move.
    /// </summary>
    private async Task<List<JournalEntry>> ViewAsync()
    {
        var archived = (await Archive.GetAsync()).Entries;
        var recent = state.State.Entries;
        // An archived entry at or after the head's first is a copy from a move the head never recorded.
        var older = recent.Count == 0
            ? archived
            : archived.TakeWhile(e => e.Sequence < recent[0].Sequence);
        var entries = older.Concat(recent).TakeLast(Kept).ToList();
        ForgetOldReceipts(entries);
        return entries;
    }
}
