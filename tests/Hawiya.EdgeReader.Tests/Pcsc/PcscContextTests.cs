using System.Diagnostics;
using Hawiya.Card.Profile;
using Hawiya.CardReader.Pcsc;

namespace Hawiya.EdgeReader.Tests.Pcsc;

[Collection(PcscdCollection.Name)]
public sealed class PcscContextTests(PcscdFixture pcscd)
{
    [Fact]
    public void ListReaders_VpcdDriver_ListsBothVirtualReaders()
    {
        using var context = PcscContext.Establish();

        var readers = context.ListReaders();

        Assert.Contains(PcscdFixture.Reader0, readers);
        Assert.Contains(PcscdFixture.Reader1, readers);
    }

    [Fact]
    public async Task WaitForCardAsync_CardInsertedWhileWaiting_ReportsPresenceAndProfileAtr()
    {
        using var context = PcscContext.Establish();
        var waiting = context.WaitForCardAsync(PcscdFixture.Reader0, PcscdFixture.Bounded);
        Assert.False(waiting.IsCompleted);

        await using var card = await pcscd.InsertAsync();
        var status = await waiting;

        Assert.True(status.IsCardPresent);
        Assert.Equal(PcscdFixture.Reader0, status.Reader);
        Assert.Equal(CnieProfile.Atr.ToArray(), status.Atr);
    }

    [Fact]
    public async Task WaitForCardRemovalAsync_CardTakenOut_Detected()
    {
        var card = await pcscd.InsertAsync();
        using var context = PcscContext.Establish();
        var waiting = context.WaitForCardRemovalAsync(PcscdFixture.Reader0, PcscdFixture.Bounded);
        Assert.False(waiting.IsCompleted);

        await card.DisposeAsync();
        var status = await waiting;

        Assert.True(status.IsEmpty);
        Assert.False(status.IsCardPresent);
    }

    [Fact]
    public async Task WaitForCardAsync_EmptyReader01ShortTimeout_ThrowsTimeoutNamingTheReader()
    {
        using var context = PcscContext.Establish();
        var clock = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<TimeoutException>(
            () => context.WaitForCardAsync(PcscdFixture.Reader1, TimeSpan.FromMilliseconds(500)));

        Assert.Contains(PcscdFixture.Reader1, error.Message);
        Assert.InRange(clock.Elapsed, TimeSpan.FromMilliseconds(400), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task WaitForCardAsync_Cancelled_EndsThroughSCardCancel()
    {
        using var context = PcscContext.Establish();
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        var clock = Stopwatch.StartNew();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => context.WaitForCardAsync(PcscdFixture.Reader1, TimeSpan.FromMinutes(1), cancel.Token));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"cancellation took {clock.Elapsed}");
    }

    [Fact]
    public void Connect_EmptyReader01_ThrowsNoCardNamingTheReader()
    {
        using var context = PcscContext.Establish();

        var error = Assert.Throws<PcscNoCardException>(() => context.Connect(PcscdFixture.Reader1));

        Assert.Equal(PcscException.NoSmartcard, error.ErrorCode);
        Assert.Contains(PcscdFixture.Reader1, error.Message);
    }

    [Fact]
    public void Connect_UnknownReader_ThrowsUnknownReader()
    {
        using var context = PcscContext.Establish();

        Assert.Throws<PcscUnknownReaderException>(() => context.Connect("No Such Reader 00 00"));
    }

    [Fact]
    public async Task WaitForCardAsync_UnknownReader_ThrowsUnknownReaderAtOnce()
    {
        using var context = PcscContext.Establish();
        var clock = Stopwatch.StartNew();

        await Assert.ThrowsAsync<PcscUnknownReaderException>(
            () => context.WaitForCardAsync("No Such Reader 00 00", TimeSpan.FromSeconds(30)));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
    }

    [Fact]
    public void GetStatus_EmptyReader01_IsEmpty()
    {
        using var context = PcscContext.Establish();

        var status = context.GetStatus(PcscdFixture.Reader1);

        Assert.True(status.IsEmpty);
        Assert.Empty(status.Atr);
    }
}
