using Hawiya.Contracts.Journal;
using Hawiya.Grains.Journal;

namespace Hawiya.Grains.Tests.Journal;

/// <summary>What the journal writes when the sender reports on its alerts, read back from grain storage.</summary>
[Collection(ClusterCollection.Name)]
public sealed class AlertReportWriteTests(ClusterFixture fixture)
{
    [Fact]
    public async Task ReportAlertsAsync_Sent_LeavesTheOutboxWithoutAWrite()
    {
        var journal = NewJournal();
        await journal.RecordAsync(JournalSamples.Use("tax-portal"));
        var alert = Assert.Single(await journal.GetPendingAlertsAsync());
        var etag = (await StoredAsync(journal)).ETag;

        await journal.ReportAlertsAsync([new AlertAttempt(alert.Id, AlertOutcome.Sent, null)]);

        Assert.Empty(await journal.GetPendingAlertsAsync());
        Assert.Equal(etag, (await StoredAsync(journal)).ETag);
    }

    [Fact]
    public async Task ReportAlertsAsync_Sent_CarriedByTheNextRecord()
    {
        var journal = NewJournal();
        await journal.RecordAsync(JournalSamples.Use("tax-portal"));
        var first = Assert.Single(await journal.GetPendingAlertsAsync());
        await journal.ReportAlertsAsync([new AlertAttempt(first.Id, AlertOutcome.Sent, null)]);

        await journal.RecordAsync(JournalSamples.Use("pension-fund"));

        var stored = (await StoredAsync(journal)).State!;
        Assert.Equal(["pension-fund"], stored.Outbox.Select(a => a.ClientId));
    }

    [Fact]
    public async Task ReportAlertsAsync_Sent_WrittenWhenTheActivationIsCollected()
    {
        var journal = NewJournal();
        await journal.RecordAsync(JournalSamples.Use("tax-portal"));
        var alert = Assert.Single(await journal.GetPendingAlertsAsync());
        await journal.ReportAlertsAsync([new AlertAttempt(alert.Id, AlertOutcome.Sent, null)]);

        await fixture.Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);

        Assert.Empty((await StoredAsync(journal)).State!.Outbox);
        Assert.Empty(await journal.GetPendingAlertsAsync());
    }

    [Fact]
    public async Task ReportAlertsAsync_RetryLater_IsWrittenAtOnce()
    {
        var journal = NewJournal();
        await journal.RecordAsync(JournalSamples.Use("tax-portal"));
        var alert = Assert.Single(await journal.GetPendingAlertsAsync());

        await journal.ReportAlertsAsync([new AlertAttempt(alert.Id, AlertOutcome.RetryLater, "gateway busy")]);

        var stored = Assert.Single((await StoredAsync(journal)).State!.Outbox);
        Assert.Equal(1, stored.Attempts);
        Assert.True((await StoredAsync(journal)).State!.ReminderRegistered);
    }

    private Task<GrainState<CitizenJournalState>> StoredAsync(ICitizenJournalGrain journal) =>
        fixture.ReadStoredAsync<CitizenJournalState>("journal", journal);

    private ICitizenJournalGrain NewJournal() => fixture.Grains.GetGrain<ICitizenJournalGrain>("c-" + Guid.NewGuid().ToString("N"));
}
