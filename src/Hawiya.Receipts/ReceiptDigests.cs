using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Hawiya.Receipts;

public static class ReceiptDigests
{
    /// <summary>The link to a receipt: SHA-256 of its compact JWS (ASCII), base64url.</summary>
    public static string Of(string compactJws) => Base64Url.EncodeToString(SHA256.HashData(Encoding.ASCII.GetBytes(compactJws)));

    /// <summary>
    /// SHA-256 of the released claims as a JSON object with names in ordinal order and string
    /// values (as released in the ID token), base64url. Whoever holds the claims can recompute it.
    /// </summary>
    public static string Claims(IReadOnlyDictionary<string, string> claims)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            foreach (var (name, value) in claims.OrderBy(c => c.Key, StringComparer.Ordinal))
            {
                json.WriteString(name, value);
            }

            json.WriteEndObject();
        }

        return Base64Url.EncodeToString(SHA256.HashData(buffer.ToArray()));
    }
}
