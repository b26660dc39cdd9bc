namespace Hawiya.Card.Profile;

/// <summary>Status words used by the profile (ISO/IEC 7816-4 §5.1.3, tables 5 and 6).</summary>
public static class StatusWords
{
    public const ushort Success = 0x9000;

    /// <summary>'61XX': SW2 bytes still available, to be fetched with GET RESPONSE.</summary>
    public const byte MoreDataSw1 = 0x61;

    /// <summary>'6CXX': wrong Le; SW2 is the exact number of bytes available.</summary>
    public const byte WrongLeSw1 = 0x6C;

    /// <summary>'6282': end of file reached before reading Ne bytes.</summary>
    public const ushort EndOfFileReached = 0x6282;

    /// <summary>'63CX': verification failed, X tries left.</summary>
    public const ushort VerificationFailedBase = 0x63C0;

    public const ushort WrongLength = 0x6700;

    public const ushort LogicalChannelNotSupported = 0x6881;

    public const ushort SecureMessagingNotSupported = 0x6882;

    public const ushort LastCommandOfChainExpected = 0x6883;

    public const ushort CommandChainingNotSupported = 0x6884;

    public const ushort SecurityStatusNotSatisfied = 0x6982;

    public const ushort AuthenticationMethodBlocked = 0x6983;

    public const ushort ConditionsOfUseNotSatisfied = 0x6985;

    public const ushort CommandNotAllowedNoCurrentEf = 0x6986;

    public const ushort IncorrectData = 0x6A80;

    public const ushort FileNotFound = 0x6A82;

    public const ushort IncorrectP1P2 = 0x6A86;

    public const ushort ReferenceDataNotFound = 0x6A88;

    public const ushort WrongP1P2 = 0x6B00;

    public const ushort InstructionNotSupported = 0x6D00;

    public const ushort ClassNotSupported = 0x6E00;

    public const ushort NoPreciseDiagnosis = 0x6F00;

    public static ushort VerificationFailed(int triesLeft) => (ushort)(VerificationFailedBase | Math.Clamp(triesLeft, 0, 15));

    public static bool IsVerificationFailed(ushort sw, out int triesLeft)
    {
        triesLeft = sw & 0x0F;
        return (sw & 0xFFF0) == VerificationFailedBase;
    }

    public static string Describe(ushort sw) => (sw >> 8) switch
    {
        MoreDataSw1 => $"{sw:X4}: more response data available",
        WrongLeSw1 => $"{sw:X4}: wrong Le, {sw & 0xFF} bytes available",
        0x63 when IsVerificationFailed(sw, out var left) => $"{sw:X4}: verification failed, {left} tries left",
        _ => sw switch
        {
            Success => "9000: success",
            EndOfFileReached => "6282: end of file reached",
            WrongLength => "6700: wrong length",
            LogicalChannelNotSupported => "6881: logical channel not supported",
            SecureMessagingNotSupported => "6882: secure messaging not supported",
            LastCommandOfChainExpected => "6883: last command of the chain expected",
            CommandChainingNotSupported => "6884: command chaining not supported",
            SecurityStatusNotSatisfied => "6982: security status not satisfied",
            AuthenticationMethodBlocked => "6983: authentication method blocked",
            ConditionsOfUseNotSatisfied => "6985: conditions of use not satisfied",
            CommandNotAllowedNoCurrentEf => "6986: command not allowed, no current EF",
            IncorrectData => "6A80: incorrect data",
            FileNotFound => "6A82: file or application not found",
            IncorrectP1P2 => "6A86: incorrect P1-P2",
            ReferenceDataNotFound => "6A88: referenced data or key not found",
            WrongP1P2 => "6B00: wrong P1-P2 (offset outside the file)",
            InstructionNotSupported => "6D00: instruction not supported",
            ClassNotSupported => "6E00: class not supported",
            _ => $"{sw:X4}: no precise diagnosis",
        },
    };
}
