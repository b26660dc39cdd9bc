using Hawiya.Contracts.Journal;
using Hawiya.Grains.Journal;
using Hawiya.Receipts;

using static Hawiya.Grains.Tests.Journal.JournalSamples;

namespace Hawiya.Grains.Tests.Journal;

/// <summary>The journal's head and archive, read and written straight through the silo's grain storage.</summary>
[Collection(ClusterCollection.Name)]
public sealed class JournalArchiveTests(ClusterFixture fixture)
{
    private const int R = CitizenJournalGrain.RecentKept;

    private static readonly ReceiptVerifier Verifier = ReceiptVerifier.FromJwks(
        ReceiptJwks.Write([("test-receipts", ClusterFixture.ReceiptKey.ExportParameters(false))]));

    [Fact]
    public async Task RecordUseAsync_ManyLogins_HeadStaysBoundedAndTheArchiveIsWrittenOncePerBatch()
    {
        var journal = NewJournal();
        const int logins = 5 * R + 3;

        var archiveVersions = new HashSet<string>();
        for (var i = 0; i < logins; i++)
        {
            await journal.RecordUseAsync(Use("tax-portal"), Request());
            Assert.InRange((await HeadAsync(journal)).Entries.Count, 0, R);
            if ((await StoredAsync<CitizenJournalArchiveState>(journal, "journal-archive")).ETag is { } etag)
            {
                archiveVersions.Add(etag);
            }
        }

        Assert.InRange(archiveVersions.Count, 1, logins / R);
        var stored = (await ArchiveAsync(journal)).Entries.Concat((await HeadAsync(journal)).Entries);
        Assert.Equal(Enumerable.Range(1, logins).Select(i => (long)i), stored.Select(e => e.Sequence));
    }

    [Fact]
    public async Task ListAsync_AcrossHeadAndArchive_EveryEntryOnceNewestFirst()
    {
        var journal = NewJournal();
        const int count = 2 * R + 7;
        for (var i = 0; i < count; i++)
        {
            await journal.RecordAsync(Use($"provider-{i}"));
        }

        Assert.NotEmpty((await ArchiveAsync(journal)).Entries);
        Assert.NotEmpty((await HeadAsync(journal)).Entries);
        var seen = await ListAllAsync(journal, pageSize: 7);
        Assert.Equal(Enumerable.Range(1, count).Reverse().Select(i => (long)i), seen.Select(e => e.Sequence));
        Assert.Equal(Enumerable.Range(0, count).Reverse().Select(i => $"provider-{i}"), seen.Select(e => e.Event.ClientId));
    }

    [Fact]
    public async Task GetReceiptAsync_ReceiptMovedToTheArchive_StillFoundAndChained()
    {
        var journal = NewJournal();
        var ids = new List<string>();
        for (var i = 0; i < R + 3; i++)
        {
            ids.Add(await journal.RecordUseAsync(Use("tax-portal"), Request()));
        }

        var archived = (await ArchiveAsync(journal)).Entries;
        Assert.Contains(archived, e => e.Event.ReceiptId == ids[0] && e.Event.Receipt is not null);
        Assert.DoesNotContain((await HeadAsync(journal)).Entries, e => e.Event.ReceiptId == ids[0]);

        Assert.Equal(archived[0].Event.Receipt, await journal.GetReceiptAsync(ids[0]));
        var listed = await journal.ListReceiptsAsync();
        Assert.Equal(ids, listed.Select(r => r.ReceiptId));
        var report = Verifier.VerifyChain(listed.Select(r => r.Receipt).ToArray());
        Assert.True(report.IsValid, string.Join("; ", report.Receipts.Select(r => r.Error)));
    }

    [Fact]
    public async Task RecordUseAsync_BeyondWhatIsKept_LimitsHoldAcrossHeadAndArchive()
    {
        var journal = NewJournal();
        var ids = new List<string>();
        for (var i = 0; i < CitizenJournalGrain.Kept + 20; i++)
        {
            ids.Add(await journal.RecordUseAsync(Use("tax-portal"), Request()));
        }

        var listed = await ListAllAsync(journal, pageSize: 100);
        Assert.Equal(CitizenJournalGrain.Kept, listed.Count);
        Assert.Equal(21, listed[^1].Sequence);
        Assert.Equal(CitizenJournalGrain.ReceiptsKept, listed.Count(e => e.Event.Receipt is not null));
        Assert.Equal(ids.TakeLast(CitizenJournalGrain.ReceiptsKept), (await journal.ListReceiptsAsync()).Select(r => r.ReceiptId));
        Assert.Null(await journal.GetReceiptAsync(ids[^(CitizenJournalGrain.ReceiptsKept + 1)]));
        Assert.NotNull(await journal.GetReceiptAsync(ids[^CitizenJournalGrain.ReceiptsKept]));

        var archived = (await ArchiveAsync(journal)).Entries;
        Assert.InRange(archived.Count, 0, CitizenJournalGrain.Kept);
        Assert.InRange(archived.Count(e => e.Event.Receipt is not null), 0, CitizenJournalGrain.ReceiptsKept);
    }

    [Fact]
    public async Task OnActivateAsync_JournalStoredBeforeTheArchive_MovesItsEntriesToTheArchive()
    {
        var journal = NewJournal();
        var legacy = new CitizenJournalState { Last = 120, Preferences = new AlertPreferences { Use = AlertChannel.Sms } };
        for (var i = 1; i <= 120; i++)
        {
            // As the journal kept them: the newest 50 with their JWS, older ones with the receipt id only.
            legacy.Entries.Add(new JournalEntry(i, Use("tax-portal") with { ReceiptId = $"r{i}", Receipt = i > 70 ? $"jws-{i}" : null }));
        }

        await StoreAsync(journal, "journal", legacy);

        var listed = await ListAllAsync(journal, pageSize: 50);

        Assert.Equal(Enumerable.Range(1, 120).Reverse().Select(i => (long)i), listed.Select(e => e.Sequence));
        var head = await HeadAsync(journal);
        Assert.InRange(head.Entries.Count, 0, R);
        Assert.Equal(120, head.Last);
        Assert.Equal(AlertChannel.Sms, head.Preferences.Use);
        var archived = (await ArchiveAsync(journal)).Entries;
        Assert.Equal(Enumerable.Range(1, 120 - head.Entries.Count).Select(i => (long)i), archived.Select(e => e.Sequence));
        Assert.Equal(Enumerable.Range(71, 50).Select(i => $"r{i}"), (await journal.ListReceiptsAsync()).Select(r => r.ReceiptId));
        Assert.Equal("jws-71", await journal.GetReceiptAsync("r71"));
        Assert.Equal(121, await journal.RecordAsync(Use("pension-fund")));
    }

    [Fact]
    public async Task ListAsync_EntriesLeftInBothStatesByACrash_ListedOnceAndDroppedAtTheNextMove()
    {
        var journal = NewJournal();
        // The silo stopped after the archive write of a move and before the head write: the
        // archive holds the head's entries too, and the entry being recorded (21), never acknowledged.
        var head = new CitizenJournalState { Last = 20 };
        var archive = new CitizenJournalArchiveState();
        for (var i = 1; i <= 21; i++)
        {
            var entry = new JournalEntry(i, Use(i == 21 ? "lost" : $"provider-{i}") with { ReceiptId = $"r{i}", Receipt = $"jws-{i}" });
            archive.Entries.Add(entry);
            if (i >= 21 - R && i <= 20)
            {
                head.Entries.Add(entry);
            }
        }

        await StoreAsync(journal, "journal-archive", archive);
        await StoreAsync(journal, "journal", head);

        var listed = await ListAllAsync(journal, pageSize: 6);
        Assert.Equal(Enumerable.Range(1, 20).Reverse().Select(i => (long)i), listed.Select(e => e.Sequence));
        Assert.Equal(Enumerable.Range(1, 20).Select(i => $"r{i}"), (await journal.ListReceiptsAsync()).Select(r => r.ReceiptId));
        Assert.Null(await journal.GetReceiptAsync("r21"));

        // The next record fills the head past R: the move writes each entry once.
        Assert.Equal(21, await journal.RecordAsync(Use("pension-fund")));
        var stored = (await ArchiveAsync(journal)).Entries.Concat((await HeadAsync(journal)).Entries).ToArray();
        Assert.Equal(Enumerable.Range(1, 21).Select(i => (long)i), stored.Select(e => e.Sequence));
        Assert.Equal("pension-fund", stored[^1].Event.ClientId);
        Assert.Equal("pension-fund", (await journal.ListAsync(null, 1)).Entries[0].Event.ClientId);
    }

    private ICitizenJournalGrain NewJournal() => fixture.Grains.GetGrain<ICitizenJournalGrain>("c-" + Guid.NewGuid().ToString("N"));

    private async Task<CitizenJournalState> HeadAsync(ICitizenJournalGrain journal) =>
        (await StoredAsync<CitizenJournalState>(journal, "journal")).State ?? new();

    private async Task<CitizenJournalArchiveState> ArchiveAsync(ICitizenJournalGrain journal) =>
        (await StoredAsync<CitizenJournalArchiveState>(journal, "journal-archive")).State ?? new();

    private Task<GrainState<T>> StoredAsync<T>(ICitizenJournalGrain journal, string name)
        where T : class, new() => fixture.ReadStoredAsync<T>(name, journal);

    private Task StoreAsync<T>(ICitizenJournalGrain journal, string name, T state) =>
        fixture.WriteStoredAsync(name, journal, state);

    private static async Task<List<JournalEntry>> ListAllAsync(ICitizenJournalGrain journal, int pageSize)
    {
        var seen = new List<JournalEntry>();
        long? before = null;
        do
        {
            var page = await journal.ListAsync(before, pageSize);
            seen.AddRange(page.Entries);
            before = page.Next;
        }
        while (before is not null);

        return seen;
    }
}
