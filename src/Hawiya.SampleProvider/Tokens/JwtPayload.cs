using System.Text.Json;
using Microsoft.IdentityModel.Tokens;

namespace Hawiya.SampleProvider.Tokens;

/// <summary>
/// Reads the claims of a JWT for display only. No signature work: the tokens shown were
/// validated when they were received (the ID token by the OpenID Connect handler, a renewed
/// one by <see cref="TokenRefresher"/>).
/// </summary>
internal static class JwtPayload
{
    /// <summary>The payload of a compact JWS (RFC 7515 §7.1), or null for anything else (an encrypted JWE has five parts).</summary>
    public static JsonElement? TryRead(string? token)
    {
        var parts = token?.Split('.');
        if (parts is not { Length: 3 })
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(Base64UrlEncoder.DecodeBytes(parts[1]));
            return document.RootElement.ValueKind == JsonValueKind.Object ? document.RootElement.Clone() : null;
        }
        catch (Exception exception) when (exception is JsonException or FormatException or ArgumentException)
        {
            return null;
        }
    }

    /// <summary>A JSON object held as text (the stored userinfo response), or null.</summary>
    public static JsonElement? TryParseObject(string? json)
    {
        if (string.IsNullOrEmpty(json))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.ValueKind == JsonValueKind.Object ? document.RootElement.Clone() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
