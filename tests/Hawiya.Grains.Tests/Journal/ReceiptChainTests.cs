using System.Buffers.Text;
using System.Text;
using Hawiya.Contracts.Journal;
using Hawiya.Receipts;

using static Hawiya.Grains.Tests.Journal.JournalSamples;

namespace Hawiya.Grains.Tests.Journal;

/// <summary>Receipts signed and chained by the journal, checked by the same verifier the command line uses.</summary>
[Collection(ClusterCollection.Name)]
public sealed class ReceiptChainTests(ClusterFixture fixture)
{
    private static readonly ReceiptVerifier Verifier = ReceiptVerifier.FromJwks(
        ReceiptJwks.Write([("test-receipts", ClusterFixture.ReceiptKey.ExportParameters(false))]));

    [Fact]
    public async Task RecordUseAsync_ThreeLogins_ChainVerifiesAndIdsMatchTheJournal()
    {
        var journal = NewJournal();

        var ids = new List<string>();
        foreach (var client in new[] { "tax-portal", "pension-fund", "tax-portal" })
        {
            ids.Add(await journal.RecordUseAsync(Use(client), Request()));
        }

        var stored = await journal.ListReceiptsAsync();
        var report = Verifier.VerifyChain(stored.Select(r => r.Receipt).ToArray());
        Assert.True(report.IsValid, string.Join("; ", report.Receipts.Select(r => r.Error)));
        Assert.Equal(ids, stored.Select(r => r.ReceiptId));
        Assert.Equal(ids, report.Receipts.Select(r => r.Receipt!.Id));
        Assert.Null(report.Receipts[0].Receipt!.Previous);
        Assert.Equal(["tax-portal", "pension-fund", "tax-portal"], report.Receipts.Select(r => r.Receipt!.ClientId));
        Assert.Equal(stored[1].Receipt, await journal.GetReceiptAsync(ids[1]));
        var page = await journal.ListAsync(null, 10);
        Assert.All(page.Entries, e => Assert.Contains(e.Event.ReceiptId, ids));
    }

    [Fact]
    public async Task VerifyChain_TamperedPayload_FailsOnThatReceipt()
    {
        var journal = NewJournal();
        await journal.RecordUseAsync(Use("tax-portal"), Request());
        await journal.RecordUseAsync(Use("tax-portal"), Request());
        var chain = (await journal.ListReceiptsAsync()).Select(r => r.Receipt).ToArray();

        var parts = chain[1].Split('.');
        var payload = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(parts[1])).Replace("eidas2", "eidas3", StringComparison.Ordinal);
        chain[1] = parts[0] + "." + Base64Url.EncodeToString(Encoding.UTF8.GetBytes(payload)) + "." + parts[2];
        var report = Verifier.VerifyChain(chain);

        Assert.False(report.IsValid);
        Assert.True(report.Receipts[0].IsValid);
        Assert.Equal("the signature does not verify", report.Receipts[1].Error);
    }

    [Fact]
    public async Task VerifyChain_Reordered_FailsOnTheBrokenLink()
    {
        var journal = NewJournal();
        for (var i = 0; i < 3; i++)
        {
            await journal.RecordUseAsync(Use("tax-portal"), Request());
        }

        var chain = (await journal.ListReceiptsAsync()).Select(r => r.Receipt).ToArray();
        var report = Verifier.VerifyChain([chain[0], chain[2], chain[1]]);

        Assert.False(report.IsValid);
        Assert.Contains("does not follow receipt 0", report.Receipts[1].Error);
        Assert.Contains("does not follow receipt 1", report.Receipts[2].Error);
    }

    [Fact]
    public async Task VerifyChain_ReceiptLeftOut_FailsOnTheGap()
    {
        var journal = NewJournal();
        for (var i = 0; i < 3; i++)
        {
            await journal.RecordUseAsync(Use("tax-portal"), Request());
        }

        var chain = (await journal.ListReceiptsAsync()).Select(r => r.Receipt).ToArray();
        var report = Verifier.VerifyChain([chain[0], chain[2]]);

        Assert.False(report.IsValid);
        Assert.Contains("does not follow receipt 0", report.Receipts[1].Error);
    }

    [Fact]
    public async Task RecordUseAsync_NotAUse_Refused()
    {
        var journal = NewJournal();

        await Assert.ThrowsAsync<ArgumentException>(() => journal.RecordUseAsync(Use("tax-portal") with { Kind = JournalEventKind.Frozen }, Request()));
        Assert.Empty(await journal.ListReceiptsAsync());
    }

    private ICitizenJournalGrain NewJournal() => fixture.Grains.GetGrain<ICitizenJournalGrain>("c-" + Guid.NewGuid().ToString("N"));
}
