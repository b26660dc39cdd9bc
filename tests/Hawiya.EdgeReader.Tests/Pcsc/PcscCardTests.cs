using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Hawiya.Card.Client;
using Hawiya.Card.Profile;
using Hawiya.CardReader.Pcsc;

namespace Hawiya.EdgeReader.Tests.Pcsc;

[Collection(PcscdCollection.Name)]
public sealed class PcscCardTests(PcscdFixture pcscd)
{
    [Fact]
    public async Task Transmit_FullCardFlow_ReadsVerifiesAndSignsThroughPcscd()
    {
        await using var inserted = await pcscd.InsertAsync();
        using var context = PcscContext.Establish();
        using var card = context.Connect(PcscdFixture.Reader0);
        var client = new CnieCardClient(card);
        var nonce = RandomNumberGenerator.GetBytes(32);

        client.SelectApplication();
        var identity = client.ReadIdentity();
        var certificateDer = client.ReadCertificate();
        var pin = client.VerifyPin(InsertedCard.Pin);
        var signature = client.InternalAuthenticate(nonce, AuthenticationGate.Pin);

        Assert.Equal(PcscProtocols.T1, card.ActiveProtocol);
        Assert.Equal(CnieProfile.Atr.ToArray(), card.GetAtr());
        Assert.Equal(inserted.File.Identity, identity);
        Assert.Equal(inserted.File.Certificate, certificateDer);
        Assert.True(pin.IsVerified);
        using var certificate = X509CertificateLoader.LoadCertificate(certificateDer);
        Assert.True(CardAuthentication.Verify(certificate, AuthenticationGate.Pin, nonce, signature));
    }

    [Fact]
    public async Task Transmit_ThreeWrongPins_BlocksAndStaysBlockedAcrossReconnect()
    {
        await using var inserted = await pcscd.InsertAsync();
        using var context = PcscContext.Establish();
        using (var card = context.Connect(PcscdFixture.Reader0))
        {
            var client = new CnieCardClient(card);
            client.SelectApplication();

            Assert.Equal(new VerificationResult(VerificationStatus.Rejected, 2), client.VerifyPin("0000"));
            Assert.Equal(new VerificationResult(VerificationStatus.Rejected, 1), client.VerifyPin("0000"));
            Assert.True(client.VerifyPin("0000").IsBlocked);
            card.Disconnect(CardDisposition.Unpower);
        }

        using var again = context.Connect(PcscdFixture.Reader0);
        var fresh = new CnieCardClient(again);
        fresh.SelectApplication();

        Assert.True(fresh.VerifyPin(InsertedCard.Pin).IsBlocked);
        Assert.True(fresh.ResetPinWithPuk(InsertedCard.Puk).IsVerified);
        Assert.True(fresh.VerifyPin(InsertedCard.Pin).IsVerified);
    }

    [Fact]
    public async Task Reconnect_WithReset_ClearsVerifiedPin()
    {
        await using var inserted = await pcscd.InsertAsync();
        using var context = PcscContext.Establish();
        using var card = context.Connect(PcscdFixture.Reader0);
        var client = new CnieCardClient(card);
        client.SelectApplication();
        client.VerifyPin(InsertedCard.Pin);

        card.Reconnect(CardDisposition.Reset);
        client.SelectApplication();

        var error = Assert.Throws<CardStatusException>(
            () => client.InternalAuthenticate(RandomNumberGenerator.GetBytes(16), AuthenticationGate.Pin));
        Assert.True(error.IsSecurityStatusNotSatisfied);
    }

    [Fact]
    public async Task Transmit_FingerprintOver255Bytes_MatchesOnCardThroughChaining()
    {
        await using var inserted = await pcscd.InsertAsync();
        using var context = PcscContext.Establish();
        using var card = context.Connect(PcscdFixture.Reader0);
        var client = new CnieCardClient(card);
        client.SelectApplication();

        Assert.True(client.VerifyFingerprint(inserted.File.Fingerprint).IsVerified);
        Assert.Equal(CnieProfile.SignatureLength, client.InternalAuthenticate(RandomNumberGenerator.GetBytes(16), AuthenticationGate.Fingerprint).Length);
    }

    [Fact]
    public async Task Transmit_AfterCardRemoved_ThrowsNoCard()
    {
        var inserted = await pcscd.InsertAsync();
        using var context = PcscContext.Establish();
        using var card = context.Connect(PcscdFixture.Reader0);
        var client = new CnieCardClient(card);
        client.SelectApplication();

        await inserted.DisposeAsync();

        var error = Assert.Throws<PcscNoCardException>(() => client.ReadCertificate());
        Assert.Contains(PcscdFixture.Reader0, error.Message);
    }

    [Fact]
    public async Task BeginTransaction_VerifyAndSign_RunAsOneUnit()
    {
        await using var inserted = await pcscd.InsertAsync();
        using var context = PcscContext.Establish();
        using var card = context.Connect(PcscdFixture.Reader0);
        var client = new CnieCardClient(card);
        var nonce = RandomNumberGenerator.GetBytes(16);

        byte[] signature;
        using (card.BeginTransaction())
        {
            client.SelectApplication();
            client.VerifyPin(InsertedCard.Pin);
            signature = client.InternalAuthenticate(nonce, AuthenticationGate.Pin);
        }

        using var certificate = X509CertificateLoader.LoadCertificate(inserted.File.Certificate);
        Assert.True(CardAuthentication.Verify(certificate, AuthenticationGate.Pin, nonce, signature));
    }
}
