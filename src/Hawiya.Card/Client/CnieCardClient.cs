using Hawiya.Card.Apdu;
using Hawiya.Card.Profile;

namespace Hawiya.Card.Client;

/// <summary>
/// Host side of the CNIE profile (docs/card-profile.md): builds each command, interprets each
/// status word, and turns them into typed results. Not thread-safe: one card session, one caller.
/// </summary>
public sealed class CnieCardClient
{
    /// <summary>Bound on GET RESPONSE rounds: 256 rounds of 256 bytes cover the largest response.</summary>
    private const int MaxGetResponseRounds = 256;

    private readonly ICardTransport _transport;
    private readonly int _readChunkSize;

    /// <param name="transport">The channel to the card.</param>
    /// <param name="readChunkSize">Bytes asked for by each READ BINARY; 1 to 256 keeps every command short.</param>
    public CnieCardClient(ICardTransport transport, int readChunkSize = CommandApdu.MaxShortNe)
    {
        ArgumentNullException.ThrowIfNull(transport);
        ArgumentOutOfRangeException.ThrowIfLessThan(readChunkSize, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(readChunkSize, CommandApdu.MaxShortNe);
        _transport = transport;
        _readChunkSize = readChunkSize;
    }

    /// <summary>
    /// Sends one command and completes the exchange the status word asks for: '6CXX' is answered
    /// by resending with Le = XX, '61XX' by GET RESPONSE until the data is complete
    /// (ISO/IEC 7816-4 §5.1.3 and §7.6.1; they come from T=0, ISO/IEC 7816-3).
    /// </summary>
    public ResponseApdu Transmit(CommandApdu command)
    {
        ArgumentNullException.ThrowIfNull(command);
        var response = Exchange(command);
        if (response.Sw1 == StatusWords.WrongLeSw1)
        {
            response = Exchange(command.WithNe(response.Sw2 == 0 ? CommandApdu.MaxShortNe : response.Sw2));
        }

        if (response.Sw1 != StatusWords.MoreDataSw1)
        {
            return response;
        }

        var collected = new List<byte>(response.Data.Length + 256);
        collected.AddRange(response.Data.Span);
        for (var round = 0; round < MaxGetResponseRounds; round++)
        {
            var available = response.Sw2 == 0 ? CommandApdu.MaxShortNe : response.Sw2;
            response = Exchange(new CommandApdu(command.Cla, CnieInstructions.GetResponse, 0x00, 0x00, ne: available));
            collected.AddRange(response.Data.Span);
            if (response.Sw1 != StatusWords.MoreDataSw1)
            {
                return new ResponseApdu(collected.ToArray(), response.StatusWord);
            }
        }

        throw new CardStatusException("GET RESPONSE", response.StatusWord);
    }

    /// <summary>SELECT the eID application by its AID (ISO/IEC 7816-4 §7.1.1, P1 '04').</summary>
    public void SelectApplication()
    {
        var response = Transmit(new CommandApdu(
            CnieParameters.Cla, CnieInstructions.Select, CnieParameters.SelectByDfName, CnieParameters.SelectNoResponse,
            CnieProfile.ApplicationId));
        EnsureSuccess(response, "SELECT eID application");
    }

    /// <summary>The issuer-signed identity data, exactly as stored on the card.</summary>
    public byte[] ReadIdentity() => ReadFile(CnieFiles.Identity);

    /// <summary>The DER card authentication certificate.</summary>
    public byte[] ReadCertificate() => ReadFile(CnieFiles.Certificate);

    /// <summary>The holder's photo, or null on a card issued without one ('6A82').</summary>
    public byte[]? ReadPhoto()
    {
        try
        {
            return ReadFile(CnieFiles.Photo);
        }
        catch (CardStatusException e) when (e.StatusWord == StatusWords.FileNotFound)
        {
            return null;
        }
    }

    /// <summary>
    /// Selects an EF, learns its size from the FCP, then reads it with READ BINARY at increasing
    /// offsets, at most <c>readChunkSize</c> bytes at a time.
    /// </summary>
    public byte[] ReadFile(ushort fileId)
    {
        var size = SelectFile(fileId);
        var content = new byte[size];
        var offset = 0;
        while (offset < size)
        {
            var chunk = ReadBinary(offset, Math.Min(_readChunkSize, size - offset), out var endOfFile);
            chunk.CopyTo(content, offset);
            offset += chunk.Length;
            if (endOfFile || chunk.Length == 0)
            {
                break;
            }
        }

        return offset == size ? content : content[..offset];
    }

    /// <summary>
    /// SELECT an EF of the current DF by file identifier (P1 '02') with the FCP returned (P2 '04');
    /// returns the file size from the FCP's tag '80' (ISO/IEC 7816-4 §5.3.3, table 12).
    /// </summary>
    public int SelectFile(ushort fileId)
    {
        var response = Transmit(new CommandApdu(
            CnieParameters.Cla, CnieInstructions.Select, CnieParameters.SelectEfUnderCurrentDf, CnieParameters.SelectReturnFcp,
            [(byte)(fileId >> 8), (byte)fileId], CommandApdu.MaxShortNe));
        EnsureSuccess(response, $"SELECT EF {fileId:X4}");
        return ParseFcpFileSize(response.Data.Span)
            ?? throw new InvalidDataException($"SELECT EF {fileId:X4} returned no FCP with a file size.");
    }

    /// <summary>
    /// READ BINARY of the current EF at a 15-bit offset in P1-P2 (ISO/IEC 7816-4 §7.2.3).
    /// Fewer bytes than asked come back with '6282' at the end of the file.
    /// </summary>
    public byte[] ReadBinary(int offset, int length) => ReadBinary(offset, length, out _);

    /// <summary>VERIFY the PIN (ISO/IEC 7816-4 §7.5.6). A rejected PIN costs one of the three tries.</summary>
    public VerificationResult VerifyPin(string pin) =>
        ToVerificationResult(
            Transmit(new CommandApdu(CnieParameters.Cla, CnieInstructions.Verify, 0x00, CnieParameters.PinReference, PinBlock.EncodePin(pin))),
            "VERIFY PIN", CnieProfile.PinTries, isQuery: false);

    /// <summary>VERIFY with no data: the PIN's status and tries left, without spending a try.</summary>
    public VerificationResult GetPinStatus() =>
        ToVerificationResult(
            Transmit(new CommandApdu(CnieParameters.Cla, CnieInstructions.Verify, 0x00, CnieParameters.PinReference)),
            "VERIFY PIN status", CnieProfile.PinTries, isQuery: true);

    /// <summary>VERIFY P1 'FF': forget a verified PIN before the session ends.</summary>
    public void ResetPinStatus() =>
        EnsureSuccess(
            Transmit(new CommandApdu(CnieParameters.Cla, CnieInstructions.Verify, CnieParameters.VerifyResetStatus, CnieParameters.PinReference)),
            "VERIFY PIN reset status");

    /// <summary>
    /// Match-on-card: the card compares the probe template with the enrolled one; the enrolled
    /// template never leaves the card. Templates above 255 bytes are sent with command chaining.
    /// </summary>
    public VerificationResult VerifyFingerprint(ReadOnlySpan<byte> template)
    {
        if (template.IsEmpty || template.Length > CnieProfile.MaxTemplateLength)
        {
            throw new ArgumentException($"A fingerprint template is 1 to {CnieProfile.MaxTemplateLength} bytes.", nameof(template));
        }

        return ToVerificationResult(
            TransmitChained(CnieInstructions.Verify, 0x00, CnieParameters.FingerprintReference, template),
            "VERIFY fingerprint", CnieProfile.FingerprintTries, isQuery: false);
    }

    /// <summary>
    /// RESET RETRY COUNTER of the PIN with the PUK (ISO/IEC 7816-4 §7.5.10): P1 '00' sets a new
    /// PIN, P1 '01' keeps the old one. The result describes the PUK: Rejected carries PUK tries left.
    /// </summary>
    public VerificationResult ResetPinWithPuk(string puk, string? newPin = null)
    {
        var data = newPin is null ? PinBlock.EncodePuk(puk) : [.. PinBlock.EncodePuk(puk), .. PinBlock.EncodePin(newPin)];
        var p1 = newPin is null ? CnieParameters.ResetCounterOnly : CnieParameters.ResetWithNewPin;
        return ToVerificationResult(
            Transmit(new CommandApdu(CnieParameters.Cla, CnieInstructions.ResetRetryCounter, p1, CnieParameters.PinReference, data)),
            "RESET RETRY COUNTER PIN", CnieProfile.PukTries, isQuery: false);
    }

    /// <summary>RESET RETRY COUNTER of the fingerprint with the PUK; the enrolled template cannot be changed.</summary>
    public VerificationResult ResetFingerprintWithPuk(string puk) =>
        ToVerificationResult(
            Transmit(new CommandApdu(
                CnieParameters.Cla, CnieInstructions.ResetRetryCounter, CnieParameters.ResetCounterOnly,
                CnieParameters.FingerprintReference, PinBlock.EncodePuk(puk))),
            "RESET RETRY COUNTER fingerprint", CnieProfile.PukTries, isQuery: false);

    /// <summary>
    /// INTERNAL AUTHENTICATE (ISO/IEC 7816-4 §7.5.2): the card signs the nonce with its card
    /// authentication key. Returns the raw r||s signature over
    /// <see cref="CardAuthentication.BuildMessage"/>; a gated call fails with '6982' unless the
    /// PIN or fingerprint was verified in this card session, and each verification allows one.
    /// </summary>
    public byte[] InternalAuthenticate(ReadOnlySpan<byte> nonce, AuthenticationGate gate)
    {
        CardAuthentication.ValidateNonce(nonce.Length);
        var response = Transmit(new CommandApdu(
            CnieParameters.Cla, CnieInstructions.InternalAuthenticate, (byte)gate, CnieParameters.CardAuthenticationKey,
            nonce, CommandApdu.MaxShortNe));
        EnsureSuccess(response, $"INTERNAL AUTHENTICATE ({gate})");
        if (response.Data.Length != CnieProfile.SignatureLength)
        {
            throw new InvalidDataException(
                $"INTERNAL AUTHENTICATE returned {response.Data.Length} bytes; a raw P-256 signature is {CnieProfile.SignatureLength}.");
        }

        return response.Data.ToArray();
    }

    /// <summary>Reads the file size (tag '80') from an FCP template ('62'), or null if absent.</summary>
    public static int? ParseFcpFileSize(ReadOnlySpan<byte> fcp)
    {
        if (fcp.Length < 2 || fcp[0] != 0x62 || fcp[1] > fcp.Length - 2)
        {
            return null;
        }

        var body = fcp.Slice(2, fcp[1]);
        while (body.Length >= 2)
        {
            int tag = body[0], length = body[1];
            if (length > body.Length - 2)
            {
                return null;
            }

            if (tag == 0x80 && length is 1 or 2)
            {
                var value = body.Slice(2, length);
                return length == 1 ? value[0] : (value[0] << 8) | value[1];
            }

            body = body[(2 + length)..];
        }

        return null;
    }

    private byte[] ReadBinary(int offset, int length, out bool endOfFile)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(offset, CnieProfile.MaxFileSize);
        var response = Transmit(new CommandApdu(
            CnieParameters.Cla, CnieInstructions.ReadBinary, (byte)(offset >> 8), (byte)offset, ne: length));
        endOfFile = response.StatusWord == StatusWords.EndOfFileReached;
        if (!response.IsSuccess && !endOfFile)
        {
            throw new CardStatusException($"READ BINARY at offset {offset}", response.StatusWord);
        }

        return response.Data.ToArray();
    }

    /// <summary>Sends data longer than one short command as a chain (ISO/IEC 7816-4 §5.1.1.1, CLA bit b5).</summary>
    private ResponseApdu TransmitChained(byte ins, byte p1, byte p2, ReadOnlySpan<byte> data)
    {
        while (data.Length > CnieProfile.ChainBlockLength)
        {
            var link = Transmit(new CommandApdu(
                CnieParameters.Cla | CnieParameters.ClaChaining, ins, p1, p2, data[..CnieProfile.ChainBlockLength]));
            if (!link.IsSuccess)
            {
                return link;
            }

            data = data[CnieProfile.ChainBlockLength..];
        }

        return Transmit(new CommandApdu(CnieParameters.Cla, ins, p1, p2, data));
    }

    private ResponseApdu Exchange(CommandApdu command) => ResponseApdu.Decode(_transport.Transmit(command.Encode()));

    private static VerificationResult ToVerificationResult(ResponseApdu response, string operation, int maxTries, bool isQuery)
    {
        if (response.IsSuccess)
        {
            return new VerificationResult(VerificationStatus.Verified, maxTries);
        }

        if (response.StatusWord == StatusWords.AuthenticationMethodBlocked)
        {
            return new VerificationResult(VerificationStatus.Blocked, 0);
        }

        if (StatusWords.IsVerificationFailed(response.StatusWord, out var triesLeft))
        {
            var status = triesLeft == 0 ? VerificationStatus.Blocked
                : isQuery ? VerificationStatus.NotVerified
                : VerificationStatus.Rejected;
            return new VerificationResult(status, triesLeft);
        }

        throw new CardStatusException(operation, response.StatusWord);
    }

    private static void EnsureSuccess(ResponseApdu response, string operation)
    {
        if (!response.IsSuccess)
        {
            throw new CardStatusException(operation, response.StatusWord);
        }
    }
}
