using Hawiya.CardReader.Pcsc;

namespace Hawiya.EdgeReader.Tests.Pcsc;

public sealed class PcscExceptionTests
{
    [Theory]
    [InlineData(PcscException.NoService, typeof(PcscServiceUnavailableException), "not running")]
    [InlineData(PcscException.ServiceStopped, typeof(PcscServiceUnavailableException), "not running")]
    [InlineData(PcscException.NoReadersAvailable, typeof(PcscNoReadersException), "no smart card reader")]
    [InlineData(PcscException.NoSmartcard, typeof(PcscNoCardException), "no card in reader 'R'")]
    [InlineData(PcscException.RemovedCard, typeof(PcscNoCardException), "removed in reader 'R'")]
    [InlineData(PcscException.UnknownReader, typeof(PcscUnknownReaderException), "'R'")]
    [InlineData(PcscException.ResetCard, typeof(PcscCardResetException), "reset")]
    public void FromErrorCode_KnownCodes_MapToClearExceptions(uint code, Type expected, string message)
    {
        var error = PcscException.FromErrorCode(code, "SCardX", "R");

        Assert.IsType(expected, error);
        Assert.Equal(code, error.ErrorCode);
        Assert.Contains(message, error.Message);
        Assert.Contains($"0x{code:X8}", error.Message);
    }

    [Fact]
    public void FromErrorCode_UnknownCode_IsPlainPcscException() =>
        Assert.IsType<PcscException>(PcscException.FromErrorCode(0x80100099, "SCardX"));

    [Theory]
    [InlineData(0x000000008010000CL)]
    [InlineData(unchecked((long)0xFFFFFFFF8010000CUL))]
    public void ToErrorCode_EightByteLong_KeepsLow32Bits(long result) =>
        Assert.Equal(PcscException.NoSmartcard, PcscException.ToErrorCode((nint)result));
}
