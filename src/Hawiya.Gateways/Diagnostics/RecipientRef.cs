using System.Security.Cryptography;
using System.Text;

namespace Hawiya.Gateways.Diagnostics;

/// <summary>
/// A short pseudonym for a phone number, email address or device token, for logs only.
/// </summary>
/// <remarks>
/// SECURITY: an unkeyed hash of a phone number is no pseudonym: the whole E.164 space can be hashed
/// in minutes. The HMAC key is random per process and never leaves memory, so a log line can be
/// matched with others from the same process (enough to follow one send through its retries) but
/// not turned back into the number.
/// </remarks>
public static class RecipientRef
{
    private static readonly byte[] Key = RandomNumberGenerator.GetBytes(32);

    public static string For(string? recipient)
    {
        if (string.IsNullOrEmpty(recipient))
        {
            return "none";
        }

        Span<byte> mac = stackalloc byte[32];
        HMACSHA256.HashData(Key, Encoding.UTF8.GetBytes(recipient), mac);
        return Convert.ToHexStringLower(mac[..5]);
    }
}
