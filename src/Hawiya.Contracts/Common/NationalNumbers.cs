namespace Hawiya.Contracts.Common;

/// <summary>Syntax of national and card numbers as typed by citizens and agents.</summary>
public static class NationalNumbers
{
    /// <summary>Upper-cases and strips spaces and dashes; throws on anything that is not 4 to 20 letters or digits.</summary>
    public static string Normalize(string value)
    {
        if (!TryNormalize(value, out var normalized))
        {
            throw new ArgumentException("A national or card number is 4 to 20 letters or digits.", nameof(value));
        }

        return normalized;
    }

    public static bool TryNormalize(string? value, out string normalized)
    {
        normalized = string.Empty;
        if (string.IsNullOrWhiteSpace(value))
        {
            return false;
        }

        Span<char> buffer = stackalloc char[20];
        var length = 0;
        foreach (var c in value)
        {
            if (c is ' ' or '-')
            {
                continue;
            }

            if (!char.IsAsciiLetterOrDigit(c) || length == buffer.Length)
            {
                return false;
            }

            buffer[length++] = char.ToUpperInvariant(c);
        }

        if (length < 4)
        {
            return false;
        }

        normalized = new string(buffer[..length]);
        return true;
    }
}
