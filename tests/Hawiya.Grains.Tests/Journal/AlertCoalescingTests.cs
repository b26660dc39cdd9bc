using Hawiya.Contracts.Common;
using Hawiya.Contracts.Journal;
using Hawiya.Grains.Journal;

namespace Hawiya.Grains.Tests.Journal;

/// <summary>
/// What the journal decides to tell the citizen. No alert sender is registered in this cluster,
/// so decided alerts stay in the outbox, where the decisions can be read.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class AlertCoalescingTests(ClusterFixture fixture)
{
    private static readonly TimeSpan Window = new AlertOptions().CoalescingWindow;

    [Fact]
    public async Task RecordAsync_BurstAtOneProvider_OneAlertNowAndOneCountedAlertWhenTheWindowCloses()
    {
        var journal = NewJournal();

        for (var i = 0; i < 4; i++)
        {
            await journal.RecordAsync(Use("tax-portal"));
        }

        var now = await journal.GetPendingAlertsAsync();
        var first = Assert.Single(now);
        Assert.Equal(1, first.Count);
        Assert.Equal(AlertChannel.Push, first.Channel);

        ClusterFixture.Time.Advance(Window + TimeSpan.FromSeconds(1));
        var later = await WaitForAsync(journal, a => a.Length == 2);

        Assert.Equal(3, later[1].Count);
        Assert.Equal("tax-portal", later[1].ClientId);
    }

    [Fact]
    public async Task RecordAsync_TwoProviders_EachToldAtOnce()
    {
        var journal = NewJournal();

        await journal.RecordAsync(Use("tax-portal"));
        await journal.RecordAsync(Use("pension-fund"));

        var pending = await journal.GetPendingAlertsAsync();
        Assert.Equal(["tax-portal", "pension-fund"], pending.Select(a => a.ClientId));
        Assert.All(pending, a => Assert.Equal(1, a.Count));
    }

    [Fact]
    public async Task RecordAsync_UsesNotAnnounced_SecurityEventStillAlerted()
    {
        var journal = NewJournal();
        await journal.SetAlertPreferencesAsync(new AlertPreferences { Use = AlertChannel.None, CardStatus = AlertChannel.Email });

        await journal.RecordAsync(Use("tax-portal"));
        await journal.RecordAsync(new JournalEvent { Kind = JournalEventKind.Frozen, At = ClusterFixture.Time.GetUtcNow() });

        var alert = Assert.Single(await journal.GetPendingAlertsAsync());
        Assert.Equal(JournalEventKind.Frozen, alert.Kind);
        Assert.Equal(AlertChannel.Email, alert.Channel);
    }

    [Fact]
    public async Task RecordAsync_QuietWindow_ClosesWithoutAnotherAlert()
    {
        var journal = NewJournal();
        await journal.RecordAsync(Use("tax-portal"));

        ClusterFixture.Time.Advance(Window + TimeSpan.FromSeconds(1));
        await journal.RecordAsync(Use("tax-portal"));

        var pending = await journal.GetPendingAlertsAsync();
        Assert.Equal(2, pending.Length);
        Assert.All(pending, a => Assert.Equal(1, a.Count));
    }

    private ICitizenJournalGrain NewJournal() => fixture.Grains.GetGrain<ICitizenJournalGrain>("c-" + Guid.NewGuid().ToString("N"));

    private static JournalEvent Use(string clientId) => new()
    {
        Kind = JournalEventKind.Use,
        At = ClusterFixture.Time.GetUtcNow(),
        ClientId = clientId,
        Level = LevelOfAssurance.Low,
        Methods = [AuthMethod.Sms],
    };

    private static async Task<PendingAlert[]> WaitForAsync(ICitizenJournalGrain journal, Func<PendingAlert[], bool> condition)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            var pending = await journal.GetPendingAlertsAsync();
            if (condition(pending))
            {
                return pending;
            }

            await Task.Delay(20, timeout.Token);
        }
    }
}
