using System.Security.Cryptography;

namespace Hawiya.Grains.Sessions;

/// <summary>
/// Short codes a citizen reads on the login page and types into a reader agent: eight characters
/// from an alphabet without look-alikes (no 0/O, 1/I/L), about 40 bits. Guessing one gains nothing
/// without the holder's card; the code only routes the nonce to the right reader.
/// </summary>
public static class PairingCodes
{
    private const string Alphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
    public const int Length = 8;

    public static string New() => RandomNumberGenerator.GetString(Alphabet, Length);

    /// <summary>Upper-cases, drops spaces and dashes; null when the rest is not a code.</summary>
    public static string? Normalize(string? typed)
    {
        if (typed is null)
        {
            return null;
        }

        var code = new string(typed.Where(c => c is not (' ' or '-')).Select(char.ToUpperInvariant).ToArray());
        return code.Length == Length && code.All(Alphabet.Contains) ? code : null;
    }
}
