using System.Security.Cryptography;
using System.Text;

namespace Hawiya.Server.Hosting;

/// <summary>
/// Development defaults are marked with <see cref="Marker"/> wherever they appear
/// (secrets, connection strings). SECURITY: outside the Development environment a
/// marked value stops the silo at start-up.
/// </summary>
public static class DevelopmentSecrets
{
    public const string Marker = "DEV-ONLY";

    public static bool IsMarked(string? value) => value?.Contains(Marker, StringComparison.Ordinal) == true;

    /// <summary>
    /// Reads a key given as base64; a marked development value is stretched with
    /// SHA-256 instead, so that the development default stays readable text.
    /// </summary>
    public static byte[] ReadKey(string value)
    {
        if (IsMarked(value))
        {
            return SHA256.HashData(Encoding.UTF8.GetBytes(value));
        }

        try
        {
            return Convert.FromBase64String(value);
        }
        catch (FormatException)
        {
            throw new FormatException("A key must be base64.");
        }
    }
}
