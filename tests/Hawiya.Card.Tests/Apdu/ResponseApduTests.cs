using Hawiya.Card.Apdu;

namespace Hawiya.Card.Tests.Apdu;

public sealed class ResponseApduTests
{
    [Fact]
    public void Decode_DataAndStatus_SplitsLastTwoBytes()
    {
        var response = ResponseApdu.Decode([0x01, 0x02, 0x63, 0xC2]);

        Assert.Equal([0x01, 0x02], response.Data.ToArray());
        Assert.Equal(0x63C2, response.StatusWord);
        Assert.Equal(0x63, response.Sw1);
        Assert.Equal(0xC2, response.Sw2);
        Assert.False(response.IsSuccess);
    }

    [Fact]
    public void Decode_StatusOnly_HasNoData()
    {
        var response = ResponseApdu.Decode([0x90, 0x00]);

        Assert.True(response.Data.IsEmpty);
        Assert.True(response.IsSuccess);
    }

    [Fact]
    public void Decode_OneByte_ThrowsApduFormatException() =>
        Assert.Throws<ApduFormatException>(() => ResponseApdu.Decode([0x90]));

    [Fact]
    public void Encode_DecodedResponse_RoundTrips()
    {
        byte[] bytes = [0xDE, 0xAD, 0x62, 0x82];

        Assert.Equal(bytes, ResponseApdu.Decode(bytes).Encode());
    }
}
