namespace Hawiya.CardReader.Pcsc;

/// <summary>
/// A PC/SC call failed. <see cref="ErrorCode"/> is the SCARD_E_/SCARD_W_ value of pcsclite.h;
/// the message says what to do about it. Subclasses mark the failures a caller handles apart.
/// </summary>
public class PcscException(uint errorCode, string message) : Exception(message)
{
    public const uint Success = 0x00000000;
    public const uint Cancelled = 0x80100002;
    public const uint InvalidHandle = 0x80100003;
    public const uint InsufficientBuffer = 0x80100008;
    public const uint UnknownReader = 0x80100009;
    public const uint Timeout = 0x8010000A;
    public const uint SharingViolation = 0x8010000B;
    public const uint NoSmartcard = 0x8010000C;
    public const uint ProtoMismatch = 0x8010000F;
    public const uint NotReady = 0x80100010;
    public const uint ReaderUnavailable = 0x80100017;
    public const uint NoService = 0x8010001D;
    public const uint ServiceStopped = 0x8010001E;
    public const uint NoReadersAvailable = 0x8010002E;
    public const uint UnresponsiveCard = 0x80100066;
    public const uint UnpoweredCard = 0x80100067;
    public const uint ResetCard = 0x80100068;
    public const uint RemovedCard = 0x80100069;

    public uint ErrorCode { get; } = errorCode;

    /// <summary>
    /// pcsc-lite returns LONG, 8 bytes here, holding a 32-bit code: compare the low 32 bits only.
    /// </summary>
    public static uint ToErrorCode(nint result) => unchecked((uint)(result & 0xFFFFFFFF));

    /// <summary>The exception for a failed call; <paramref name="reader"/> names the reader when there is one.</summary>
    public static PcscException FromErrorCode(uint errorCode, string operation, string? reader = null)
    {
        var where = reader is null ? string.Empty : $" in reader '{reader}'";
        var code = $"{operation}: 0x{errorCode:X8}";
        return errorCode switch
        {
            NoService or ServiceStopped => new PcscServiceUnavailableException(errorCode,
                $"{code} the PC/SC service (pcscd) is not running; start it (infra/pcsc-up.sh) and retry."),
            NoReadersAvailable => new PcscNoReadersException(errorCode,
                $"{code} no smart card reader is connected; plug in a reader and retry."),
            NoSmartcard => new PcscNoCardException(errorCode,
                $"{code} no card{where}; insert the card and retry."),
            RemovedCard => new PcscNoCardException(errorCode,
                $"{code} the card was removed{where}; insert it again and retry."),
            UnknownReader or ReaderUnavailable => new PcscUnknownReaderException(errorCode,
                $"{code} the reader{(reader is null ? string.Empty : $" '{reader}'")} is not connected or not known to pcscd."),
            ResetCard => new PcscCardResetException(errorCode,
                $"{code} the card{where} was reset by another application; its PIN status is lost, start again."),
            Cancelled => new PcscException(errorCode, $"{code} the call was cancelled."),
            SharingViolation => new PcscException(errorCode,
                $"{code} another application holds the card{where} exclusively."),
            UnresponsiveCard or UnpoweredCard => new PcscException(errorCode,
                $"{code} the card{where} does not answer; take it out and insert it again."),
            ProtoMismatch => new PcscException(errorCode,
                $"{code} the card{where} speaks none of the requested protocols."),
            _ => new PcscException(errorCode, $"{code} PC/SC error."),
        };
    }

    internal static void ThrowIfFailed(nint result, string operation, string? reader = null)
    {
        var errorCode = ToErrorCode(result);
        if (errorCode != Success)
        {
            throw FromErrorCode(errorCode, operation, reader);
        }
    }
}

/// <summary>SCARD_E_NO_SERVICE, SCARD_E_SERVICE_STOPPED: pcscd is not running.</summary>
public sealed class PcscServiceUnavailableException(uint errorCode, string message) : PcscException(errorCode, message);

/// <summary>SCARD_E_NO_READERS_AVAILABLE: pcscd runs but knows no reader.</summary>
public sealed class PcscNoReadersException(uint errorCode, string message) : PcscException(errorCode, message);

/// <summary>SCARD_E_NO_SMARTCARD, SCARD_W_REMOVED_CARD: the reader is empty, or was emptied.</summary>
public sealed class PcscNoCardException(uint errorCode, string message) : PcscException(errorCode, message);

/// <summary>SCARD_E_UNKNOWN_READER, SCARD_E_READER_UNAVAILABLE: no such reader now.</summary>
public sealed class PcscUnknownReaderException(uint errorCode, string message) : PcscException(errorCode, message);

/// <summary>SCARD_W_RESET_CARD: someone else reset the card; its security state is gone.</summary>
public sealed class PcscCardResetException(uint errorCode, string message) : PcscException(errorCode, message);
