namespace Hawiya.Card.Profile;

/// <summary>
/// Encodings of the holder's secrets on the wire. The PIN travels as an 8-byte block of ASCII
/// digits padded with 'FF' (the format PIV uses, NIST SP 800-73-4 part 2, VERIFY), so the APDU
/// length does not reveal the PIN length; the PUK is exactly 8 ASCII digits.
/// </summary>
public static class PinBlock
{
    private const byte Padding = 0xFF;

    public static bool IsValidPin(string? pin) =>
        pin is { Length: >= CnieProfile.MinPinLength and <= CnieProfile.MaxPinLength } && pin.All(char.IsAsciiDigit);

    public static bool IsValidPuk(string? puk) =>
        puk is { Length: CnieProfile.PukLength } && puk.All(char.IsAsciiDigit);

    public static byte[] EncodePin(string pin)
    {
        if (!IsValidPin(pin))
        {
            throw new ArgumentException($"A PIN is {CnieProfile.MinPinLength} to {CnieProfile.MaxPinLength} ASCII digits.", nameof(pin));
        }

        var block = new byte[CnieProfile.PinBlockLength];
        Array.Fill(block, Padding);
        for (var i = 0; i < pin.Length; i++)
        {
            block[i] = (byte)pin[i];
        }

        return block;
    }

    public static byte[] EncodePuk(string puk)
    {
        if (!IsValidPuk(puk))
        {
            throw new ArgumentException($"A PUK is exactly {CnieProfile.PukLength} ASCII digits.", nameof(puk));
        }

        return puk.Select(c => (byte)c).ToArray();
    }

    /// <summary>The digits of a well-formed PIN block, without the padding.</summary>
    public static string DecodePin(ReadOnlySpan<byte> block)
    {
        if (!IsWellFormedPinBlock(block))
        {
            throw new ArgumentException("Not a well-formed PIN block.", nameof(block));
        }

        var digits = block.IndexOf(Padding);
        return System.Text.Encoding.ASCII.GetString(digits < 0 ? block : block[..digits]);
    }

    /// <summary>True when the block is 4 to 8 ASCII digits followed only by 'FF' padding.</summary>
    public static bool IsWellFormedPinBlock(ReadOnlySpan<byte> block)
    {
        if (block.Length != CnieProfile.PinBlockLength)
        {
            return false;
        }

        var digits = 0;
        while (digits < block.Length && block[digits] is >= (byte)'0' and <= (byte)'9')
        {
            digits++;
        }

        if (digits < CnieProfile.MinPinLength)
        {
            return false;
        }

        for (var i = digits; i < block.Length; i++)
        {
            if (block[i] != Padding)
            {
                return false;
            }
        }

        return true;
    }

    public static bool IsWellFormedPuk(ReadOnlySpan<byte> puk)
    {
        if (puk.Length != CnieProfile.PukLength)
        {
            return false;
        }

        foreach (var b in puk)
        {
            if (b is < (byte)'0' or > (byte)'9')
            {
                return false;
            }
        }

        return true;
    }
}
