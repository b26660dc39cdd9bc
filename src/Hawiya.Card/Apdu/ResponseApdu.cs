namespace Hawiya.Card.Apdu;

/// <summary>
/// A response APDU: optional response data followed by the two status bytes SW1 SW2
/// (ISO/IEC 7816-4 §5.1 and §5.1.3).
/// </summary>
public sealed class ResponseApdu
{
    private readonly byte[] _data;

    public ResponseApdu(ReadOnlySpan<byte> data, ushort statusWord)
    {
        _data = data.ToArray();
        StatusWord = statusWord;
    }

    public ResponseApdu(ushort statusWord)
        : this([], statusWord)
    {
    }

    public ReadOnlyMemory<byte> Data => _data;

    public ushort StatusWord { get; }

    public byte Sw1 => (byte)(StatusWord >> 8);

    public byte Sw2 => (byte)StatusWord;

    /// <summary>'9000': normal processing, no further qualification.</summary>
    public bool IsSuccess => StatusWord == 0x9000;

    public byte[] Encode()
    {
        var buffer = new byte[_data.Length + 2];
        _data.CopyTo(buffer, 0);
        buffer[^2] = Sw1;
        buffer[^1] = Sw2;
        return buffer;
    }

    public static ResponseApdu Decode(ReadOnlySpan<byte> apdu)
    {
        if (apdu.Length < 2)
        {
            throw new ApduFormatException($"A response APDU ends with SW1 SW2; got {apdu.Length} bytes.");
        }

        return new ResponseApdu(apdu[..^2], (ushort)((apdu[^2] << 8) | apdu[^1]));
    }

    public override string ToString() => $"{_data.Length} bytes, SW {StatusWord:X4}";
}
