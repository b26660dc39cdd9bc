using System.Security.Cryptography;
using Hawiya.Card.Profile;

namespace Hawiya.Card.Tests.Profile;

public sealed class CnieProfileTests
{
    [Fact]
    public void Atr_Tck_IsXorOfT0ThroughLastHistoricalByte()
    {
        var atr = CnieProfile.Atr;
        byte xor = 0;
        foreach (var b in atr[1..^1])
        {
            xor ^= b;
        }

        // ISO/IEC 7816-3 §8.2.5: XOR of all bytes from T0 to TCK inclusive is zero.
        Assert.Equal(xor, atr[^1]);
        Assert.Equal(4 + (atr[1] & 0x0F) + 1, atr.Length);
    }

    [Fact]
    public void Atr_InterfaceBytes_OfferT1()
    {
        var atr = CnieProfile.Atr;

        Assert.Equal(0x80, atr[2] & 0xF0); // TD1 announces TD2
        Assert.Equal(0x01, atr[3] & 0x0F); // TD2: T=1
    }

    [Fact]
    public void ApplicationId_IsProprietaryCategory() =>
        Assert.Equal(0xF0, CnieProfile.ApplicationId[0] & 0xF0);

    [Theory]
    [InlineData("1234", new byte[] { 0x31, 0x32, 0x33, 0x34, 0xFF, 0xFF, 0xFF, 0xFF })]
    [InlineData("12345678", new byte[] { 0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0x37, 0x38 })]
    public void EncodePin_ValidPin_PadsToEightBytesWithFF(string pin, byte[] expected)
    {
        Assert.Equal(expected, PinBlock.EncodePin(pin));
        Assert.Equal(pin, PinBlock.DecodePin(expected));
    }

    [Theory]
    [InlineData("123")]
    [InlineData("123456789")]
    [InlineData("12a4")]
    [InlineData("")]
    public void EncodePin_InvalidPin_Throws(string pin) =>
        Assert.Throws<ArgumentException>(() => PinBlock.EncodePin(pin));

    [Theory]
    [InlineData(new byte[] { 0x31, 0x32, 0x33, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF })]
    [InlineData(new byte[] { 0x31, 0x32, 0x33, 0x34, 0xFF, 0x35, 0xFF, 0xFF })]
    [InlineData(new byte[] { 0x31, 0x32, 0x33, 0x34, 0x00, 0xFF, 0xFF, 0xFF })]
    [InlineData(new byte[] { 0x31, 0x32, 0x33, 0x34, 0xFF, 0xFF, 0xFF })]
    public void IsWellFormedPinBlock_Malformed_ReturnsFalse(byte[] block) =>
        Assert.False(PinBlock.IsWellFormedPinBlock(block));

    [Fact]
    public void BuildMessage_LabelGateNonce_InThatOrder()
    {
        var nonce = Enumerable.Range(1, 16).Select(i => (byte)i).ToArray();

        var message = CardAuthentication.BuildMessage(AuthenticationGate.Fingerprint, nonce);

        Assert.Equal("HAWIYA-CNIE-AUTH-1"u8.ToArray(), message[..18]);
        Assert.Equal(0x02, message[18]);
        Assert.Equal(nonce, message[19..]);
    }

    [Theory]
    [InlineData(15)]
    [InlineData(65)]
    public void BuildMessage_NonceLengthOutOfRange_Throws(int length) =>
        Assert.Throws<ArgumentException>(() => CardAuthentication.BuildMessage(AuthenticationGate.None, new byte[length]));

    [Fact]
    public void Verify_SignatureOfAnotherKey_ReturnsFalse()
    {
        using var signer = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var other = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var nonce = RandomNumberGenerator.GetBytes(32);
        var signature = signer.SignData(
            CardAuthentication.BuildMessage(AuthenticationGate.Pin, nonce), HashAlgorithmName.SHA256,
            DSASignatureFormat.IeeeP1363FixedFieldConcatenation);

        Assert.True(CardAuthentication.Verify(signer, AuthenticationGate.Pin, nonce, signature));
        Assert.False(CardAuthentication.Verify(other, AuthenticationGate.Pin, nonce, signature));
    }

    [Fact]
    public void Describe_RemainingTries_SaysHowMany() =>
        Assert.Contains("2 tries left", StatusWords.Describe(StatusWords.VerificationFailed(2)));
}
