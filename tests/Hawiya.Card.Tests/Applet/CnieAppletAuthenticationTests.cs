using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Hawiya.Card.Apdu;
using Hawiya.Card.Client;
using Hawiya.Card.Profile;

namespace Hawiya.Card.Tests.Applet;

public sealed class CnieAppletAuthenticationTests
{
    [Fact]
    public void InternalAuthenticate_Ungated_SignatureVerifiesWithCertificateKey()
    {
        using var card = Selected();
        var nonce = RandomNumberGenerator.GetBytes(32);

        var signature = card.Client.InternalAuthenticate(nonce, AuthenticationGate.None);

        Assert.Equal(CnieProfile.SignatureLength, signature.Length);
        using var certificate = X509CertificateLoader.LoadCertificate(card.Client.ReadCertificate());
        using var publicKey = certificate.GetECDsaPublicKey()!;
        Assert.True(publicKey.VerifyData(
            CardAuthentication.BuildMessage(AuthenticationGate.None, nonce), signature,
            HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation));
    }

    [Fact]
    public void InternalAuthenticate_PinGatedBeforeVerify_Refused6982()
    {
        using var card = Selected();

        var error = Assert.Throws<CardStatusException>(
            () => card.Client.InternalAuthenticate(RandomNumberGenerator.GetBytes(16), AuthenticationGate.Pin));

        Assert.True(error.IsSecurityStatusNotSatisfied);
    }

    [Fact]
    public void InternalAuthenticate_PinGatedAfterVerify_SignsOnceThenRefuses()
    {
        using var card = Selected();
        var nonce = RandomNumberGenerator.GetBytes(32);
        card.Client.VerifyPin(CardFixture.Pin);

        var signature = card.Client.InternalAuthenticate(nonce, AuthenticationGate.Pin);

        using var certificate = X509CertificateLoader.LoadCertificate(card.Card.Certificate);
        Assert.True(CardAuthentication.Verify(certificate, AuthenticationGate.Pin, nonce, signature));
        var second = Assert.Throws<CardStatusException>(() => card.Client.InternalAuthenticate(nonce, AuthenticationGate.Pin));
        Assert.True(second.IsSecurityStatusNotSatisfied);
    }

    [Fact]
    public void InternalAuthenticate_PinGatedSignature_DoesNotVerifyAsAnotherGate()
    {
        using var card = Selected();
        var nonce = RandomNumberGenerator.GetBytes(32);
        card.Client.VerifyPin(CardFixture.Pin);

        var signature = card.Client.InternalAuthenticate(nonce, AuthenticationGate.Pin);

        using var certificate = X509CertificateLoader.LoadCertificate(card.Card.Certificate);
        Assert.False(CardAuthentication.Verify(certificate, AuthenticationGate.Fingerprint, nonce, signature));
        Assert.False(CardAuthentication.Verify(certificate, AuthenticationGate.Pin, RandomNumberGenerator.GetBytes(32), signature));
    }

    [Fact]
    public void InternalAuthenticate_FingerprintGatedAfterMatch_Signs()
    {
        using var card = Selected();
        var nonce = RandomNumberGenerator.GetBytes(64);
        Assert.Throws<CardStatusException>(() => card.Client.InternalAuthenticate(nonce, AuthenticationGate.Fingerprint));
        card.Client.VerifyFingerprint(card.Card.Fingerprint);

        var signature = card.Client.InternalAuthenticate(nonce, AuthenticationGate.Fingerprint);

        using var certificate = X509CertificateLoader.LoadCertificate(card.Card.Certificate);
        Assert.True(CardAuthentication.Verify(certificate, AuthenticationGate.Fingerprint, nonce, signature));
    }

    [Fact]
    public void InternalAuthenticate_PinVerifiedThenReset_Refused6982()
    {
        using var card = Selected();
        card.Client.VerifyPin(CardFixture.Pin);

        card.Applet.Reset();
        card.Client.SelectApplication();

        Assert.Throws<CardStatusException>(() => card.Client.InternalAuthenticate(RandomNumberGenerator.GetBytes(16), AuthenticationGate.Pin));
    }

    [Fact]
    public void InternalAuthenticate_VerifyStatusResetWithP1FF_Refused6982()
    {
        using var card = Selected();
        card.Client.VerifyPin(CardFixture.Pin);

        card.Client.ResetPinStatus();

        Assert.Throws<CardStatusException>(() => card.Client.InternalAuthenticate(RandomNumberGenerator.GetBytes(16), AuthenticationGate.Pin));
    }

    [Fact]
    public void InternalAuthenticate_LeSmallerThanSignature_ClientCompletesWithGetResponse()
    {
        using var card = Selected();
        var nonce = RandomNumberGenerator.GetBytes(16);

        var response = card.Client.Transmit(new CommandApdu(0x00, 0x88, 0x00, 0x81, nonce, 16));

        Assert.True(response.IsSuccess);
        Assert.Equal(CnieProfile.SignatureLength, response.Data.Length);
        Assert.Single(card.Transport.Sent, c => c[1] == CnieInstructions.GetResponse);
        using var certificate = X509CertificateLoader.LoadCertificate(card.Card.Certificate);
        Assert.True(CardAuthentication.Verify(certificate, AuthenticationGate.None, nonce, response.Data.Span));
    }

    [Fact]
    public void InternalAuthenticate_ExtendedLengthApdu_IsAccepted()
    {
        using var card = Selected();
        var nonce = RandomNumberGenerator.GetBytes(16);

        var response = card.Client.Transmit(new CommandApdu(0x00, 0x88, 0x00, 0x81, nonce, 65536));

        Assert.True(new CommandApdu(0x00, 0x88, 0x00, 0x81, nonce, 65536).IsExtended);
        Assert.True(response.IsSuccess);
        Assert.Equal(CnieProfile.SignatureLength, response.Data.Length);
    }

    [Theory]
    [InlineData(15)]
    [InlineData(65)]
    public void InternalAuthenticate_NonceLengthOutOfRange_Returns6700(int length)
    {
        using var card = Selected();

        Assert.Equal(StatusWords.WrongLength, card.RawStatus([0x00, 0x88, 0x00, 0x81, (byte)length, .. new byte[length], 0x00]));
    }

    [Fact]
    public void InternalAuthenticate_UnknownGate_Returns6A86()
    {
        using var card = Selected();

        Assert.Equal(StatusWords.IncorrectP1P2, card.RawStatus([0x00, 0x88, 0x07, 0x81, 0x10, .. new byte[16], 0x00]));
    }

    private static CardFixture Selected()
    {
        var card = new CardFixture();
        card.Client.SelectApplication();
        return card;
    }
}
