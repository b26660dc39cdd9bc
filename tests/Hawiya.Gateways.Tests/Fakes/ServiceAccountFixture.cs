using System.Security.Cryptography;
using System.Text.Json;

namespace Hawiya.Gateways.Tests.Fakes;

/// <summary>A service-account key made for the tests, shaped like the JSON key files Google issues.</summary>
internal static class ServiceAccountFixture
{
    public const string ProjectId = "hawiya-test";
    public const string ClientEmail = "push-sender@hawiya-test.iam.gserviceaccount.com";
    public const string KeyId = "0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c";

    private static readonly Lazy<RSA> LazyKey = new(() => RSA.Create(2048));

    public static RSA Key => LazyKey.Value;

    public static string Json(string tokenUri) => Json(tokenUri, Key);

    public static string Json(string tokenUri, RSA key) => JsonSerializer.Serialize(new Dictionary<string, string>
    {
        ["type"] = "service_account",
        ["project_id"] = ProjectId,
        ["private_key_id"] = KeyId,
        ["private_key"] = key.ExportPkcs8PrivateKeyPem(),
        ["client_email"] = ClientEmail,
        ["client_id"] = "112233445566778899000",
        ["auth_uri"] = "https://accounts.google.com/o/oauth2/auth",
        ["token_uri"] = tokenUri,
    });
}
