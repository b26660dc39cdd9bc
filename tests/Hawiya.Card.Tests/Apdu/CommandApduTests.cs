using Hawiya.Card.Apdu;

namespace Hawiya.Card.Tests.Apdu;

public sealed class CommandApduTests
{
    [Fact]
    public void Encode_Case1_IsHeaderOnly() =>
        Assert.Equal([0x00, 0xA4, 0x04, 0x0C], new CommandApdu(0x00, 0xA4, 0x04, 0x0C).Encode());

    [Fact]
    public void Encode_Case2ShortNe256_EncodesLe00() =>
        Assert.Equal([0x00, 0xB0, 0x01, 0x00, 0x00], new CommandApdu(0x00, 0xB0, 0x01, 0x00, ne: 256).Encode());

    [Fact]
    public void Encode_Case3Short_HasLcThenData() =>
        Assert.Equal([0x00, 0x20, 0x00, 0x81, 0x02, 0x31, 0x32], new CommandApdu(0x00, 0x20, 0x00, 0x81, [0x31, 0x32]).Encode());

    [Fact]
    public void Encode_Case4Short_HasLcDataLe() =>
        Assert.Equal([0x00, 0x88, 0x01, 0x81, 0x01, 0xAA, 0x40], new CommandApdu(0x00, 0x88, 0x01, 0x81, [0xAA], 64).Encode());

    [Fact]
    public void Encode_Case2ExtendedNe65536_EncodesThreeZeroBytes() =>
        Assert.Equal([0x00, 0xB0, 0x00, 0x00, 0x00, 0x00, 0x00], new CommandApdu(0x00, 0xB0, 0x00, 0x00, ne: 65536).Encode());

    [Fact]
    public void Encode_Case2ExtendedNe257_EncodesZeroThenTwoBytes() =>
        Assert.Equal([0x00, 0xB0, 0x00, 0x00, 0x00, 0x01, 0x01], new CommandApdu(0x00, 0xB0, 0x00, 0x00, ne: 257).Encode());

    [Fact]
    public void Encode_Case3ExtendedNc300_UsesThreeByteLc()
    {
        var encoded = new CommandApdu(0x00, 0x20, 0x00, 0x82, new byte[300]).Encode();

        Assert.Equal(4 + 3 + 300, encoded.Length);
        Assert.Equal([0x00, 0x01, 0x2C], encoded[4..7]);
    }

    [Fact]
    public void Encode_Case4ShortDataWithNeAbove256_MakesBothFieldsExtended()
    {
        var encoded = new CommandApdu(0x00, 0x88, 0x00, 0x81, [0x01, 0x02], 1000).Encode();

        Assert.Equal([0x00, 0x88, 0x00, 0x81, 0x00, 0x00, 0x02, 0x01, 0x02, 0x03, 0xE8], encoded);
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(0, 1)]
    [InlineData(0, 256)]
    [InlineData(0, 257)]
    [InlineData(0, 65536)]
    [InlineData(1, 0)]
    [InlineData(255, 0)]
    [InlineData(256, 0)]
    [InlineData(65535, 0)]
    [InlineData(1, 1)]
    [InlineData(255, 256)]
    [InlineData(255, 257)]
    [InlineData(256, 256)]
    [InlineData(65535, 65536)]
    public void Decode_EncodedCommand_RoundTrips(int nc, int ne)
    {
        var data = Enumerable.Range(0, nc).Select(i => (byte)i).ToArray();
        var original = new CommandApdu(0x10, 0x20, 0x30, 0x40, data, ne);

        var decoded = CommandApdu.Decode(original.Encode());

        Assert.Equal((0x10, 0x20, 0x30, 0x40), (decoded.Cla, decoded.Ins, decoded.P1, decoded.P2));
        Assert.Equal(data, decoded.Data.ToArray());
        Assert.Equal(ne, decoded.Ne);
        Assert.Equal(original.IsExtended, decoded.IsExtended);
    }

    [Theory]
    [InlineData(new byte[] { 0x00, 0xA4, 0x04 })]
    [InlineData(new byte[] { 0x00, 0xA4, 0x04, 0x00, 0x03, 0x01 })]
    [InlineData(new byte[] { 0x00, 0xA4, 0x04, 0x00, 0x01, 0x01, 0x00, 0x00 })]
    [InlineData(new byte[] { 0x00, 0xA4, 0x04, 0x00, 0x00, 0x01 })]
    [InlineData(new byte[] { 0x00, 0xA4, 0x04, 0x00, 0x00, 0x00, 0x00, 0x01 })]
    [InlineData(new byte[] { 0x00, 0xA4, 0x04, 0x00, 0x00, 0x00, 0x02, 0x01 })]
    public void Decode_MalformedLengths_ThrowsApduFormatException(byte[] apdu) =>
        Assert.Throws<ApduFormatException>(() => CommandApdu.Decode(apdu));

    [Fact]
    public void Decode_ShortLe00_MeansNe256() =>
        Assert.Equal(256, CommandApdu.Decode([0x00, 0xB0, 0x00, 0x00, 0x00]).Ne);

    [Theory]
    [InlineData(-1)]
    [InlineData(65537)]
    public void Constructor_NeOutOfRange_Throws(int ne) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new CommandApdu(0, 0, 0, 0, ne: ne));

    [Fact]
    public void Constructor_DataOver65535_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new CommandApdu(0, 0, 0, 0, new byte[65536]));
}
