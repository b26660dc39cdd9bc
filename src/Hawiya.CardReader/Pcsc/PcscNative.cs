using System.Runtime.InteropServices;

namespace Hawiya.CardReader.Pcsc;

/// <summary>
/// pcsc-lite's winscard API (PC/SC Workgroup specification part 5, "ICC resource manager").
/// On Linux x64 pcsc-lite declares DWORD as <c>unsigned long</c> and LONG as <c>long</c>
/// (PCSC/wintypes.h), both 8 bytes: DWORDs are <see cref="nuint"/>, LONGs and handles
/// <see cref="nint"/>. Windows and macOS use 4-byte DWORDs; this layer is Linux-only.
/// </summary>
internal static unsafe partial class PcscNative
{
    public const string Library = "libpcsclite.so.1";

    /// <summary>MAX_ATR_SIZE in pcsclite.h.</summary>
    public const int MaxAtrSize = 33;

    /// <summary>MAX_BUFFER_SIZE_EXTENDED in pcsclite.h: 4 header + 3 Lc + 65536 data + 3 Le + 2 SW.</summary>
    public const int MaxBufferSizeExtended = 4 + 3 + (1 << 16) + 3 + 2;

    /// <summary>INFINITE timeout for SCardGetStatusChange: 0xFFFFFFFF, not -1, in an 8-byte DWORD.</summary>
    public const uint Infinite = 0xFFFFFFFF;

    [LibraryImport(Library)]
    public static partial nint SCardEstablishContext(nuint dwScope, nint pvReserved1, nint pvReserved2, out nint phContext);

    [LibraryImport(Library)]
    public static partial nint SCardReleaseContext(nint hContext);

    [LibraryImport(Library)]
    public static partial nint SCardListReaders(nint hContext, byte* mszGroups, byte* mszReaders, ref nuint pcchReaders);

    [LibraryImport(Library)]
    public static partial nint SCardGetStatusChange(nint hContext, nuint dwTimeout, ScardReaderState* rgReaderStates, nuint cReaders);

    [LibraryImport(Library)]
    public static partial nint SCardCancel(nint hContext);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    public static partial nint SCardConnect(
        nint hContext, string szReader, nuint dwShareMode, nuint dwPreferredProtocols, out nint phCard, out nuint pdwActiveProtocol);

    [LibraryImport(Library)]
    public static partial nint SCardReconnect(
        nint hCard, nuint dwShareMode, nuint dwPreferredProtocols, nuint dwInitialization, out nuint pdwActiveProtocol);

    [LibraryImport(Library)]
    public static partial nint SCardDisconnect(nint hCard, nuint dwDisposition);

    [LibraryImport(Library)]
    public static partial nint SCardBeginTransaction(nint hCard);

    [LibraryImport(Library)]
    public static partial nint SCardEndTransaction(nint hCard, nuint dwDisposition);

    [LibraryImport(Library)]
    public static partial nint SCardStatus(
        nint hCard, byte* szReaderName, ref nuint pcchReaderLen, out nuint pdwState, out nuint pdwProtocol, byte* pbAtr, ref nuint pcbAtrLen);

    [LibraryImport(Library)]
    public static partial nint SCardTransmit(
        nint hCard, ScardIoRequest* pioSendPci, byte* pbSendBuffer, nuint cbSendLength,
        ScardIoRequest* pioRecvPci, byte* pbRecvBuffer, ref nuint pcbRecvLength);
}

/// <summary>
/// SCARD_READERSTATE (pcsclite.h): two pointers, three DWORDs and a 33-byte ATR; 73 bytes of
/// fields, 80 with the tail padding that 8-byte alignment adds.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct ScardReaderState
{
    public nint Reader;
    public nint UserData;
    public nuint CurrentState;
    public nuint EventState;
    public nuint AtrLength;
    public fixed byte Atr[PcscNative.MaxAtrSize];
}

/// <summary>SCARD_IO_REQUEST (pcsclite.h): protocol and PCI length, 16 bytes on Linux x64.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct ScardIoRequest
{
    public nuint Protocol;
    public nuint PciLength;
}
