namespace Hawiya.Contracts.Providers;

/// <summary>The syntax of a <c>client_id</c>, which is also the provider's grain key.</summary>
public static class ClientIds
{
    /// <summary>
    /// 3 to 100 lower-case letters, digits, '-', '.' or '_', with at least one character
    /// that is not a hex digit. Orleans reads an all-hex string grain key as a number when
    /// it stores state, so "0abc" and "abc" (or "ABC") would share one row
    /// (dotnet/orleans#9706); this syntax rules such pairs out.
    /// </summary>
    public static bool IsValid(string? clientId) =>
        clientId is { Length: >= 3 and <= 100 }
        && clientId.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '-' or '.' or '_')
        && !clientId.All(char.IsAsciiHexDigitLower);

    public const string Rule = "3 to 100 of a-z 0-9 - . _, not all hex digits.";
}
