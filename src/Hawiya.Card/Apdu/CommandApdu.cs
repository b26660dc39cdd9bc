namespace Hawiya.Card.Apdu;

/// <summary>
/// A command APDU: header CLA INS P1 P2, optional command data (Nc bytes) and optional expected
/// response length Ne. Encoding follows ISO/IEC 7816-4 §5.1 (cases 1, 2, 3, 4; short and
/// extended length fields).
/// </summary>
public sealed class CommandApdu
{
    /// <summary>Largest Nc in a short Lc field (one byte, 1..255).</summary>
    public const int MaxShortNc = 255;

    /// <summary>Largest Ne in a short Le field (one byte, '00' meaning 256).</summary>
    public const int MaxShortNe = 256;

    /// <summary>Largest Nc in an extended Lc field (two bytes, 1..65535).</summary>
    public const int MaxExtendedNc = 65535;

    /// <summary>Largest Ne in an extended Le field (two bytes, '0000' meaning 65536).</summary>
    public const int MaxExtendedNe = 65536;

    private readonly byte[] _data;

    public CommandApdu(byte cla, byte ins, byte p1, byte p2, ReadOnlySpan<byte> data = default, int ne = 0)
    {
        if (data.Length > MaxExtendedNc)
        {
            throw new ArgumentOutOfRangeException(nameof(data), data.Length, "Nc cannot exceed 65535 (ISO/IEC 7816-4 §5.1).");
        }

        if (ne is < 0 or > MaxExtendedNe)
        {
            throw new ArgumentOutOfRangeException(nameof(ne), ne, "Ne must be 0 (no Le field) to 65536 (ISO/IEC 7816-4 §5.1).");
        }

        Cla = cla;
        Ins = ins;
        P1 = p1;
        P2 = p2;
        _data = data.ToArray();
        Ne = ne;
    }

    public byte Cla { get; }

    public byte Ins { get; }

    public byte P1 { get; }

    public byte P2 { get; }

    /// <summary>The command data field; empty when there is no Lc field.</summary>
    public ReadOnlyMemory<byte> Data => _data;

    /// <summary>Maximum number of response data bytes expected; 0 when the Le field is absent.</summary>
    public int Ne { get; }

    /// <summary>True when the encoding uses extended length fields: Nc above 255 or Ne above 256.</summary>
    public bool IsExtended => _data.Length > MaxShortNc || Ne > MaxShortNe;

    /// <summary>The same command with another expected length, for a 6CXX retry (ISO/IEC 7816-4 §5.1.3).</summary>
    public CommandApdu WithNe(int ne) => new(Cla, Ins, P1, P2, _data, ne);

    /// <summary>The same command with another class byte, for command chaining (ISO/IEC 7816-4 §5.1.1.1).</summary>
    public CommandApdu WithCla(byte cla) => new(cla, Ins, P1, P2, _data, Ne);

    public byte[] Encode()
    {
        var extended = IsExtended;
        var length = 4;
        if (_data.Length > 0)
        {
            length += (extended ? 3 : 1) + _data.Length;
        }

        if (Ne > 0)
        {
            // In case 2E the Le field carries its own leading '00'; in case 4E it follows Lc.
            length += extended ? (_data.Length > 0 ? 2 : 3) : 1;
        }

        var buffer = new byte[length];
        buffer[0] = Cla;
        buffer[1] = Ins;
        buffer[2] = P1;
        buffer[3] = P2;
        var offset = 4;
        if (_data.Length > 0)
        {
            if (extended)
            {
                buffer[offset++] = 0x00;
                buffer[offset++] = (byte)(_data.Length >> 8);
            }

            buffer[offset++] = (byte)_data.Length;
            _data.CopyTo(buffer, offset);
            offset += _data.Length;
        }

        if (Ne > 0)
        {
            if (extended)
            {
                if (_data.Length == 0)
                {
                    buffer[offset++] = 0x00;
                }

                // 65536 wraps to '0000' and 256 to '00': the encodings ISO/IEC 7816-4 §5.1 reserves for the maximum.
                buffer[offset++] = (byte)(Ne >> 8);
                buffer[offset] = (byte)Ne;
            }
            else
            {
                buffer[offset] = (byte)Ne;
            }
        }

        return buffer;
    }

    /// <summary>Decodes a command APDU, rejecting every length that matches none of the seven cases.</summary>
    public static CommandApdu Decode(ReadOnlySpan<byte> apdu)
    {
        if (apdu.Length < 4)
        {
            throw new ApduFormatException($"A command APDU has at least a 4-byte header; got {apdu.Length} bytes.");
        }

        byte cla = apdu[0], ins = apdu[1], p1 = apdu[2], p2 = apdu[3];
        var body = apdu[4..];
        if (body.Length == 0)
        {
            return new CommandApdu(cla, ins, p1, p2); // case 1
        }

        if (body.Length == 1)
        {
            return new CommandApdu(cla, ins, p1, p2, ne: ShortNe(body[0])); // case 2S
        }

        if (body[0] != 0x00)
        {
            var nc = body[0];
            if (body.Length == 1 + nc)
            {
                return new CommandApdu(cla, ins, p1, p2, body.Slice(1, nc)); // case 3S
            }

            if (body.Length == 2 + nc)
            {
                return new CommandApdu(cla, ins, p1, p2, body.Slice(1, nc), ShortNe(body[^1])); // case 4S
            }

            throw new ApduFormatException($"Short Lc {nc} does not match a body of {body.Length} bytes.");
        }

        if (body.Length == 3)
        {
            return new CommandApdu(cla, ins, p1, p2, ne: ExtendedNe(body[1], body[2])); // case 2E
        }

        if (body.Length < 3)
        {
            throw new ApduFormatException($"A body of {body.Length} bytes starting with '00' is neither case 2S nor extended.");
        }

        var extendedNc = (body[1] << 8) | body[2];
        if (extendedNc == 0)
        {
            throw new ApduFormatException("An extended Lc field cannot encode zero.");
        }

        if (body.Length == 3 + extendedNc)
        {
            return new CommandApdu(cla, ins, p1, p2, body.Slice(3, extendedNc)); // case 3E
        }

        if (body.Length == 5 + extendedNc)
        {
            return new CommandApdu(cla, ins, p1, p2, body.Slice(3, extendedNc), ExtendedNe(body[^2], body[^1])); // case 4E
        }

        throw new ApduFormatException($"Extended Lc {extendedNc} does not match a body of {body.Length} bytes.");
    }

    public override string ToString() =>
        $"{Cla:X2} {Ins:X2} {P1:X2} {P2:X2} Nc={_data.Length} Ne={Ne}";

    private static int ShortNe(byte le) => le == 0 ? MaxShortNe : le;

    private static int ExtendedNe(byte high, byte low)
    {
        var ne = (high << 8) | low;
        return ne == 0 ? MaxExtendedNe : ne;
    }
}
