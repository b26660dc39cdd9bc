using System.Text.Json;

namespace Hawiya.Receipts;

/// <summary>The JSON claims of a receipt (JWT claim names where one exists).</summary>
internal static class ReceiptPayload
{
    public static byte[] Write(Receipt receipt)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("iss", receipt.Issuer);
            json.WriteString("jti", receipt.Id);
            json.WriteString("client_id", receipt.ClientId);
            json.WriteString("sub", receipt.Subject);
            json.WriteNumber("iat", receipt.IssuedAt.ToUnixTimeSeconds());
            json.WriteString("acr", receipt.Acr);
            json.WriteStartArray("amr");
            foreach (var amr in receipt.Amr)
            {
                json.WriteStringValue(amr);
            }

            json.WriteEndArray();
            json.WriteString("claims_digest", receipt.ClaimsDigest);
            if (receipt.Previous is { } previous)
            {
                json.WriteString("prev", previous);
            }

            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    public static Receipt Read(ReadOnlySpan<byte> utf8)
    {
        using var document = JsonDocument.Parse(utf8.ToArray());
        var root = document.RootElement;
        string Required(string name) =>
            root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text
                ? text
                : throw new FormatException($"the receipt has no {name}");
        if (!root.TryGetProperty("iat", out var iat) || !iat.TryGetInt64(out var seconds))
        {
            throw new FormatException("the receipt has no iat");
        }

        if (!root.TryGetProperty("amr", out var amr) || amr.ValueKind != JsonValueKind.Array)
        {
            throw new FormatException("the receipt has no amr");
        }

        return new Receipt
        {
            Issuer = Required("iss"),
            Id = Required("jti"),
            ClientId = Required("client_id"),
            Subject = Required("sub"),
            IssuedAt = DateTimeOffset.FromUnixTimeSeconds(seconds),
            Acr = Required("acr"),
            Amr = [.. amr.EnumerateArray().Select(a => a.GetString() ?? throw new FormatException("amr values are strings"))],
            ClaimsDigest = Required("claims_digest"),
            Previous = root.TryGetProperty("prev", out _) ? Required("prev") : null,
        };
    }
}
