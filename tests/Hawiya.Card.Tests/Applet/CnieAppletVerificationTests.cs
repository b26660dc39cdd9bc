using Hawiya.Card.Client;
using Hawiya.Card.Profile;
using Hawiya.VirtualCard.Applet;

namespace Hawiya.Card.Tests.Applet;

public sealed class CnieAppletVerificationTests
{
    [Fact]
    public void VerifyPin_Correct_IsVerified()
    {
        using var card = Selected();

        Assert.Equal(new VerificationResult(VerificationStatus.Verified, 3), card.Client.VerifyPin(CardFixture.Pin));
        Assert.Equal(VerificationStatus.Verified, card.Client.GetPinStatus().Status);
    }

    [Fact]
    public void VerifyPin_ThreeWrongTries_CountDownThenBlockWith6983()
    {
        using var card = Selected();

        Assert.Equal(new VerificationResult(VerificationStatus.Rejected, 2), card.Client.VerifyPin("0000"));
        Assert.Equal(new VerificationResult(VerificationStatus.Rejected, 1), card.Client.VerifyPin("0000"));
        Assert.Equal(new VerificationResult(VerificationStatus.Blocked, 0), card.Client.VerifyPin("0000"));

        // Blocked means blocked: even the right PIN is refused, with '6983'.
        Assert.Equal(StatusWords.AuthenticationMethodBlocked, card.RawStatus([0x00, 0x20, 0x00, 0x81, 0x08, .. PinBlock.EncodePin(CardFixture.Pin)]));
        Assert.True(card.Client.VerifyPin(CardFixture.Pin).IsBlocked);
        Assert.Equal(0, card.Applet.PersistentState.PinTriesLeft);
    }

    [Fact]
    public void VerifyPin_CorrectAfterOneWrong_RestoresAllTries()
    {
        using var card = Selected();
        card.Client.VerifyPin("0000");

        card.Client.VerifyPin(CardFixture.Pin);

        Assert.Equal(CnieProfile.PinTries, card.Applet.PersistentState.PinTriesLeft);
    }

    [Fact]
    public void GetPinStatus_NotVerified_ReportsTriesWithoutSpendingOne()
    {
        using var card = Selected();

        Assert.Equal(new VerificationResult(VerificationStatus.NotVerified, 3), card.Client.GetPinStatus());
        Assert.Equal(new VerificationResult(VerificationStatus.NotVerified, 3), card.Client.GetPinStatus());
    }

    [Fact]
    public void VerifyPin_MalformedBlock_Returns6A80WithoutSpendingATry()
    {
        using var card = Selected();

        Assert.Equal(StatusWords.IncorrectData, card.RawStatus(0x00, 0x20, 0x00, 0x81, 0x08, 0x31, 0x32, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF));
        Assert.Equal(CnieProfile.PinTries, card.Applet.PersistentState.PinTriesLeft);
    }

    [Fact]
    public void ResetPinWithPuk_BlockedPin_UnblocksWithNewPin()
    {
        using var card = Selected();
        for (var i = 0; i < CnieProfile.PinTries; i++)
        {
            card.Client.VerifyPin("0000");
        }

        Assert.True(card.Client.ResetPinWithPuk(CardFixture.Puk, "13579").IsVerified);

        Assert.Equal(VerificationStatus.Rejected, card.Client.VerifyPin(CardFixture.Pin).Status);
        Assert.True(card.Client.VerifyPin("13579").IsVerified);
        Assert.Equal("13579", card.Applet.PersistentState.Pin);
    }

    [Fact]
    public void ResetPinWithPuk_NoNewPin_KeepsOldPin()
    {
        using var card = Selected();
        card.Client.VerifyPin("0000");

        Assert.True(card.Client.ResetPinWithPuk(CardFixture.Puk).IsVerified);

        Assert.Equal(CnieProfile.PinTries, card.Applet.PersistentState.PinTriesLeft);
        Assert.True(card.Client.VerifyPin(CardFixture.Pin).IsVerified);
    }

    [Fact]
    public void ResetPinWithPuk_WrongPuk_CountsDownPukTriesAndKeepsPinBlocked()
    {
        using var card = Selected();
        for (var i = 0; i < CnieProfile.PinTries; i++)
        {
            card.Client.VerifyPin("0000");
        }

        var result = card.Client.ResetPinWithPuk("00000000", "1111");

        Assert.Equal(new VerificationResult(VerificationStatus.Rejected, CnieProfile.PukTries - 1), result);
        Assert.True(card.Client.VerifyPin(CardFixture.Pin).IsBlocked);
    }

    [Fact]
    public void ResetPinWithPuk_PukTriesExhausted_BlocksPukForGood()
    {
        using var card = Selected();
        for (var i = 0; i < CnieProfile.PukTries; i++)
        {
            card.Client.ResetPinWithPuk("00000000");
        }

        Assert.True(card.Client.ResetPinWithPuk(CardFixture.Puk).IsBlocked);
    }

    [Fact]
    public void VerifyFingerprint_EnrolledTemplateOver255Bytes_MatchesThroughCommandChaining()
    {
        using var card = Selected();

        Assert.True(card.Client.VerifyFingerprint(card.Card.Fingerprint).IsVerified);
        Assert.Equal(0x10, card.Transport.Sent[^2][0]); // first link of the chain: CLA b5 set
        Assert.Equal(0x00, card.Transport.Sent[^1][0]); // last link
    }

    [Fact]
    public void VerifyFingerprint_OtherTemplate_RejectedWithTriesLeft()
    {
        using var card = Selected();
        var other = card.Card.Fingerprint.ToArray();
        other[^1] ^= 0x01;

        Assert.Equal(new VerificationResult(VerificationStatus.Rejected, CnieProfile.FingerprintTries - 1), card.Client.VerifyFingerprint(other));
    }

    [Fact]
    public void VerifyFingerprint_FiveMismatches_BlocksUntilPukReset()
    {
        using var card = Selected();
        for (var i = 0; i < CnieProfile.FingerprintTries; i++)
        {
            card.Client.VerifyFingerprint([0x01, 0x02]);
        }

        Assert.True(card.Client.VerifyFingerprint(card.Card.Fingerprint).IsBlocked);
        Assert.True(card.Client.ResetFingerprintWithPuk(CardFixture.Puk).IsVerified);
        Assert.True(card.Client.VerifyFingerprint(card.Card.Fingerprint).IsVerified);
    }

    [Fact]
    public void Verify_ChainInterruptedByOtherCommand_Returns6883()
    {
        using var card = Selected();
        card.Send([0x10, 0x20, 0x00, 0x82, 0x02, 0x01, 0x02]);

        Assert.Equal(StatusWords.LastCommandOfChainExpected, card.RawStatus(0x00, 0xB0, 0x00, 0x00, 0x01));
    }

    [Fact]
    public void Reset_AfterPinVerified_ClearsSecurityState()
    {
        using var card = Selected();
        card.Client.VerifyPin(CardFixture.Pin);

        card.Applet.Reset();
        card.Client.SelectApplication();

        Assert.Equal(VerificationStatus.NotVerified, card.Client.GetPinStatus().Status);
    }

    [Fact]
    public void PowerOff_AfterWrongPin_KeepsTryCounter()
    {
        using var card = Selected();
        card.Client.VerifyPin("0000");

        card.Applet.PowerOff();
        card.Applet.PowerOn();
        card.Client.SelectApplication();

        Assert.Equal(2, card.Client.GetPinStatus().TriesLeft);
    }

    [Fact]
    public void FileCardStateStore_NewAppletOnSameFile_KeepsCountersAndNewPin()
    {
        var path = Path.Combine(Path.GetTempPath(), $"hawiya-card-state-{Guid.NewGuid():N}.json");
        try
        {
            using var first = new CardFixture(store: new FileCardStateStore(path));
            first.Client.SelectApplication();
            first.Client.ResetPinWithPuk(CardFixture.Puk, "97531");
            first.Client.VerifyPin("0000");

            using var second = new CnieApplet(first.Card, new FileCardStateStore(path));
            var client = new CnieCardClient(new InProcessCardTransport(second));
            client.SelectApplication();

            Assert.Equal(2, client.GetPinStatus().TriesLeft);
            Assert.True(client.VerifyPin("97531").IsVerified);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static CardFixture Selected()
    {
        var card = new CardFixture();
        card.Client.SelectApplication();
        return card;
    }
}
