using System.Buffers.Text;
using System.Security.Cryptography;

namespace Hawiya.Server.Oidc.Stores;

/// <summary>
/// Identifiers that carry their session: a session is <c>s-</c> + 128 random bits; a token
/// id or reference is <c>{session}.{random}</c>, so a look-up goes straight to one grain.
/// </summary>
public static class SessionIds
{
    private const string Prefix = "s-";

    public static string NewSession() => Prefix + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(16));

    public static string NewToken(string sessionId) => sessionId + "." + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(12));

    /// <summary>A reference handed to a client (code, request_uri): 256 random bits after the session.</summary>
    public static string NewReference(string sessionId) => sessionId + "." + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    public static bool IsSession(string? value) =>
        value is { Length: 24 } && value.StartsWith(Prefix, StringComparison.Ordinal) && value.AsSpan(2).IndexOfAnyExcept(Base64UrlAlphabet) < 0;

    /// <summary>The session a token id or reference belongs to, or null when it names none.</summary>
    public static string? SessionOf(string? value)
    {
        var dot = value?.IndexOf('.', StringComparison.Ordinal) ?? -1;
        return dot > 0 && IsSession(value![..dot]) ? value[..dot] : null;
    }

    private static readonly System.Buffers.SearchValues<char> Base64UrlAlphabet =
        System.Buffers.SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_");
}
