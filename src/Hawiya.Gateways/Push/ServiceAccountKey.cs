using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text.Json;

namespace Hawiya.Gateways.Push;

/// <summary>The fields of a Google service-account key file this platform uses.</summary>
internal sealed record ServiceAccountKey(string ClientEmail, string PrivateKeyPem, string? PrivateKeyId, string? ProjectId, string? TokenUri)
{
    public static bool TryParse(string json, [NotNullWhen(true)] out ServiceAccountKey? key, [NotNullWhen(false)] out string? error)
    {
        key = null;
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            if (Read(root, "type") != "service_account")
            {
                error = "\"type\" must be \"service_account\".";
                return false;
            }

            var email = Read(root, "client_email");
            var pem = Read(root, "private_key");
            if (string.IsNullOrEmpty(email) || string.IsNullOrEmpty(pem))
            {
                error = "\"client_email\" and \"private_key\" are required.";
                return false;
            }

            // Fail at start-up, not on the first login, if the key does not load.
            using (var rsa = RSA.Create())
            {
                rsa.ImportFromPem(pem);
            }

            key = new ServiceAccountKey(email, pem, Read(root, "private_key_id"), Read(root, "project_id"), Read(root, "token_uri"));
            error = null;
            return true;
        }
        catch (Exception exception) when (exception is JsonException or ArgumentException or CryptographicException)
        {
            // SECURITY: the exception text could quote key material; only its kind is reported.
            error = $"unreadable ({exception.GetType().Name}).";
            return false;
        }
    }

    public static ServiceAccountKey Parse(string json) =>
        TryParse(json, out var key, out var error) ? key : throw new InvalidOperationException("Invalid service-account key: " + error);

    private static string? Read(JsonElement root, string name) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
}
