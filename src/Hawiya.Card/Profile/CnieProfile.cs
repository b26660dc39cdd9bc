namespace Hawiya.Card.Profile;

/// <summary>
/// Identifiers and limits of the Hawiya CNIE card profile. docs/card-profile.md is the prose
/// version of this file; a change here is a change of the profile and must be made there too.
/// </summary>
public static class CnieProfile
{
    /// <summary>
    /// AID of the eID application: 'F0' followed by "HAWIYAEID" in ASCII. ISO/IEC 7816-5
    /// reserves AIDs whose first nibble is 'F' for proprietary, unregistered use.
    /// </summary>
    public static ReadOnlySpan<byte> ApplicationId => [0xF0, 0x48, 0x41, 0x57, 0x49, 0x59, 0x41, 0x45, 0x49, 0x44];

    /// <summary>
    /// Answer-to-reset (ISO/IEC 7816-3 §8.2): TS '3B' direct convention; T0 '8C' (TD1 present,
    /// 12 historical bytes); TD1 '80' (TD2 present, T=0); TD2 '01' (T=1); historical bytes
    /// '80' (compact-TLV follows, ISO/IEC 7816-4 §8.1.1) '73 90 01 C0' (card capabilities:
    /// selection by DF name and by file identifier, 1-byte data units, command chaining and
    /// extended Lc/Le), '56' "HAWIYA" (card issuer's data); TCK.
    /// </summary>
    public static ReadOnlySpan<byte> Atr =>
    [
        0x3B, 0x8C, 0x80, 0x01,
        0x80, 0x73, 0x90, 0x01, 0xC0, 0x56, 0x48, 0x41, 0x57, 0x49, 0x59, 0x41,
        0xF6,
    ];

    /// <summary>Wrong PIN presentations allowed before the PIN is blocked.</summary>
    public const int PinTries = 3;

    /// <summary>Wrong PUK presentations allowed before the PUK (and so the PIN for good) is blocked.</summary>
    public const int PukTries = 10;

    /// <summary>Failed fingerprint comparisons allowed before match-on-card is blocked.</summary>
    public const int FingerprintTries = 5;

    public const int MinPinLength = 4;

    public const int MaxPinLength = 8;

    /// <summary>The PIN block is always 8 bytes: ASCII digits padded with 'FF', hiding the PIN length.</summary>
    public const int PinBlockLength = 8;

    public const int PukLength = 8;

    /// <summary>Shortest server nonce the card signs: 128 bits, enough that a nonce never repeats.</summary>
    public const int MinNonceLength = 16;

    public const int MaxNonceLength = 64;

    /// <summary>Raw r||s of an ECDSA P-256 signature: two 32-byte big-endian integers.</summary>
    public const int SignatureLength = 64;

    /// <summary>READ BINARY with an even INS addresses 15 bits of offset in P1-P2 (ISO/IEC 7816-4 §7.2.3).</summary>
    public const int MaxFileSize = 0x7FFF;

    /// <summary>Largest fingerprint template the card accepts, reached through command chaining.</summary>
    public const int MaxTemplateLength = 4096;

    /// <summary>Bytes a host puts in one short command of a chain (ISO/IEC 7816-4 §5.1.1.1).</summary>
    public const int ChainBlockLength = 255;
}

/// <summary>Elementary files of the eID application, by file identifier and short EF identifier.</summary>
public static class CnieFiles
{
    /// <summary>EF.Identity: the issuer-signed identity data, opaque to the card.</summary>
    public const ushort Identity = 0x0101;

    /// <summary>EF.Certificate: DER X.509 certificate of the card authentication key.</summary>
    public const ushort Certificate = 0x0102;

    /// <summary>EF.Photo: the holder's photo; absent on cards issued without one.</summary>
    public const ushort Photo = 0x0103;

    public const byte IdentitySfi = 0x01;

    public const byte CertificateSfi = 0x02;

    public const byte PhotoSfi = 0x03;
}

/// <summary>Instruction bytes (ISO/IEC 7816-4 §5.1.2 and §7).</summary>
public static class CnieInstructions
{
    public const byte Verify = 0x20;

    public const byte ResetRetryCounter = 0x2C;

    public const byte InternalAuthenticate = 0x88;

    public const byte Select = 0xA4;

    public const byte ReadBinary = 0xB0;

    public const byte GetResponse = 0xC0;
}

/// <summary>Parameter values of the profile.</summary>
public static class CnieParameters
{
    /// <summary>Interindustry class, no chaining, no secure messaging, basic logical channel 0.</summary>
    public const byte Cla = 0x00;

    /// <summary>CLA bit b5: the command is not the last of a chain (ISO/IEC 7816-4 §5.1.1).</summary>
    public const byte ClaChaining = 0x10;

    public const byte SelectByDfName = 0x04;

    public const byte SelectEfUnderCurrentDf = 0x02;

    /// <summary>SELECT P2: return the FCI template ('6F').</summary>
    public const byte SelectReturnFci = 0x00;

    /// <summary>SELECT P2: return the FCP template ('62'), which carries the file size.</summary>
    public const byte SelectReturnFcp = 0x04;

    /// <summary>SELECT P2: no response data.</summary>
    public const byte SelectNoResponse = 0x0C;

    /// <summary>VERIFY / RESET RETRY COUNTER P2: specific reference data #1, the PIN.</summary>
    public const byte PinReference = 0x81;

    /// <summary>VERIFY / RESET RETRY COUNTER P2: specific reference data #2, the fingerprint template.</summary>
    public const byte FingerprintReference = 0x82;

    /// <summary>VERIFY P1 'FF': set the reference data's security status back to "not verified".</summary>
    public const byte VerifyResetStatus = 0xFF;

    /// <summary>RESET RETRY COUNTER P1 '00': data is PUK followed by a new PIN block.</summary>
    public const byte ResetWithNewPin = 0x00;

    /// <summary>RESET RETRY COUNTER P1 '01': data is the PUK only; the reference data is kept.</summary>
    public const byte ResetCounterOnly = 0x01;

    /// <summary>INTERNAL AUTHENTICATE P2: the card authentication key (specific key #1).</summary>
    public const byte CardAuthenticationKey = 0x81;
}
