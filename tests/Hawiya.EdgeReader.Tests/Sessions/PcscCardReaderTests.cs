using System.Security.Cryptography;
using Hawiya.Card.Profile;
using Hawiya.CardReader.Pcsc;
using Hawiya.CardReader.Sessions;

namespace Hawiya.EdgeReader.Tests.Sessions;

[Collection(PcscdCollection.Name)]
public sealed class PcscCardReaderTests(PcscdFixture pcscd)
{
    [Fact]
    public async Task OpenSessionAsync_AnyReader_FindsTheCardInReader00()
    {
        await using var inserted = await pcscd.InsertAsync();
        var reader = new PcscCardReader();
        var nonce = RandomNumberGenerator.GetBytes(32);

        using var session = await reader.OpenSessionAsync(null, PcscdFixture.Bounded);
        using var certificate = session.ReadCertificate();
        session.VerifyPin(InsertedCard.Pin);
        var signature = session.SignNonce(nonce, AuthenticationGate.Pin);

        Assert.Equal(PcscdFixture.Reader0, session.ReaderName);
        Assert.True(CardAuthentication.Verify(certificate, AuthenticationGate.Pin, nonce, signature));
    }

    [Fact]
    public async Task OpenSessionAsync_EmptyReader01_TimesOut()
    {
        var reader = new PcscCardReader();

        await Assert.ThrowsAsync<TimeoutException>(
            () => reader.OpenSessionAsync(PcscdFixture.Reader1, TimeSpan.FromMilliseconds(300)));
    }

    [Fact]
    public async Task OpenSessionAsync_UnknownReader_ThrowsUnknownReader()
    {
        var reader = new PcscCardReader();

        await Assert.ThrowsAsync<PcscUnknownReaderException>(
            () => reader.OpenSessionAsync("No Such Reader", TimeSpan.FromMilliseconds(300)));
    }

    [Fact]
    public async Task Dispose_Session_ResetsCardSoTheNextSessionStartsUnverified()
    {
        await using var inserted = await pcscd.InsertAsync();
        var reader = new PcscCardReader();
        using (var first = await reader.OpenSessionAsync(PcscdFixture.Reader0, PcscdFixture.Bounded))
        {
            Assert.True(first.VerifyPin(InsertedCard.Pin).IsVerified);
        }

        using var second = await reader.OpenSessionAsync(PcscdFixture.Reader0, PcscdFixture.Bounded);

        Assert.False(second.Client.GetPinStatus().IsVerified);
    }

    [Fact]
    public async Task ListReaders_CardInReader00_ReportsPresenceOnlyThere()
    {
        await using var inserted = await pcscd.InsertAsync();

        var readers = new PcscCardReader().ListReaders();

        Assert.True(readers.Single(r => r.Reader == PcscdFixture.Reader0).IsCardPresent);
        Assert.False(readers.Single(r => r.Reader == PcscdFixture.Reader1).IsCardPresent);
    }
}
