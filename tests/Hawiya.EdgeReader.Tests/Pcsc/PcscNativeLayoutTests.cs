using System.Runtime.InteropServices;
using Hawiya.CardReader.Pcsc;

namespace Hawiya.EdgeReader.Tests.Pcsc;

/// <summary>pcsc-lite on Linux x64: DWORD is unsigned long (8 bytes), MAX_ATR_SIZE 33.</summary>
public sealed class PcscNativeLayoutTests
{
    [Fact]
    public unsafe void ScardReaderState_LinuxX64_Is80BytesWithAtrAtOffset40()
    {
        Assert.Equal(80, sizeof(ScardReaderState));
        Assert.Equal(16, (int)Marshal.OffsetOf<ScardReaderState>(nameof(ScardReaderState.CurrentState)));
        Assert.Equal(32, (int)Marshal.OffsetOf<ScardReaderState>(nameof(ScardReaderState.AtrLength)));
        Assert.Equal(40, (int)Marshal.OffsetOf<ScardReaderState>(nameof(ScardReaderState.Atr)));
    }

    [Fact]
    public unsafe void ScardIoRequest_LinuxX64_Is16Bytes() =>
        Assert.Equal(16, sizeof(ScardIoRequest));
}
