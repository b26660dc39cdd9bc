using Hawiya.Contracts.Common;
using Hawiya.Contracts.Journal;

namespace Hawiya.Grains.Tests.Journal;

[Collection(ClusterCollection.Name)]
public sealed class CitizenJournalGrainTests(ClusterFixture fixture)
{
    private ICitizenJournalGrain NewJournal() => fixture.Grains.GetGrain<ICitizenJournalGrain>("c-" + Guid.NewGuid().ToString("N"));

    private static JournalEvent Use(string clientId) => new()
    {
        Kind = JournalEventKind.Use,
        At = ClusterFixture.Time.GetUtcNow(),
        ClientId = clientId,
        Level = LevelOfAssurance.Low,
        Methods = [AuthMethod.Sms],
        ReleasedClaims = ["given_name"],
    };

    [Fact]
    public async Task RecordAsync_NumbersEntriesInOrder_AndListsNewestFirst()
    {
        var journal = NewJournal();

        Assert.Equal(1, await journal.RecordAsync(Use("tax-portal")));
        Assert.Equal(2, await journal.RecordAsync(Use("pension-fund")));

        var page = await journal.ListAsync(before: null, count: 10);
        Assert.Equal(["pension-fund", "tax-portal"], page.Entries.Select(e => e.Event.ClientId));
        Assert.Null(page.Next);
    }

    [Fact]
    public async Task ListAsync_PagesBackwardsWithoutGapsOrRepeats()
    {
        var journal = NewJournal();
        for (var i = 0; i < 25; i++)
        {
            await journal.RecordAsync(Use($"provider-{i}"));
        }

        var seen = new List<long>();
        long? before = null;
        do
        {
            var page = await journal.ListAsync(before, count: 10);
            seen.AddRange(page.Entries.Select(e => e.Sequence));
            before = page.Next;
        }
        while (before is not null);

        Assert.Equal(Enumerable.Range(1, 25).Reverse().Select(i => (long)i), seen);
    }

    [Fact]
    public async Task RecordAsync_BeyondWhatIsKept_DropsTheOldestButKeepsNumbering()
    {
        var journal = NewJournal();
        for (var i = 0; i < Hawiya.Grains.Journal.CitizenJournalGrain.Kept + 3; i++)
        {
            await journal.RecordAsync(Use("tax-portal"));
        }

        var newest = await journal.ListAsync(before: null, count: 1);
        Assert.Equal(Hawiya.Grains.Journal.CitizenJournalGrain.Kept + 3, newest.Entries[0].Sequence);
        var oldest = await journal.ListAsync(before: 5, count: 10);
        Assert.Equal([4L], oldest.Entries.Select(e => e.Sequence));
    }

    [Fact]
    public async Task AlertPreferences_UsesMayBeSilenced_SecurityEventsMayNot()
    {
        var journal = NewJournal();
        Assert.Equal(AlertChannel.Push, (await journal.GetAlertPreferencesAsync()).Use);

        await journal.SetAlertPreferencesAsync(new AlertPreferences { Use = AlertChannel.None, NewMethod = AlertChannel.Email });
        await Assert.ThrowsAsync<ArgumentException>(() => journal.SetAlertPreferencesAsync(new AlertPreferences { CardStatus = AlertChannel.None }));

        var kept = await journal.GetAlertPreferencesAsync();
        Assert.Equal(AlertChannel.None, kept.Use);
        Assert.Equal(AlertChannel.Email, kept.NewMethod);
    }
}
