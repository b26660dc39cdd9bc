using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Hawiya.Server.Tests.Oidc.ClientAuthentication;

/// <summary>
/// Client assertions (RFC 7523 §3) written byte by byte, as a library that never heard of
/// IdentityModel writes them: the header is exactly what is asked for (no <c>typ</c> at all, if so).
/// </summary>
public static class Assertions
{
    public const string JwtBearer = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

    /// <summary>A compact JWS signed ES256; <paramref name="type"/> null leaves <c>typ</c> out of the header.</summary>
    public static string Es256(ECDsa key, string keyId, string clientId, string audience, DateTimeOffset now,
        string? type = null, TimeSpan? lifetime = null, string? jti = null, string? subject = null)
    {
        var header = new Dictionary<string, object> { ["alg"] = "ES256", ["kid"] = keyId };
        if (type is not null)
        {
            header["typ"] = type;
        }

        var expires = now + (lifetime ?? TimeSpan.FromMinutes(1));
        var payload = new Dictionary<string, object>
        {
            ["iss"] = clientId,
            ["sub"] = subject ?? clientId,
            ["aud"] = audience,
            ["jti"] = jti ?? Guid.NewGuid().ToString("N"),
            ["iat"] = Math.Min(now.ToUnixTimeSeconds(), expires.ToUnixTimeSeconds() - 60),
            ["exp"] = expires.ToUnixTimeSeconds(),
        };
        var input = Part(header) + "." + Part(payload);
        // .NET's ECDsa signs in the IEEE P1363 form JWS uses (RFC 7518 §3.4).
        var signature = key.SignData(Encoding.ASCII.GetBytes(input), HashAlgorithmName.SHA256);
        return input + "." + Base64Url.EncodeToString(signature);
    }

    /// <summary>The same claims with <c>alg: none</c> and no signature (RFC 7519 §6).</summary>
    public static string Unsigned(string clientId, string audience, DateTimeOffset now) =>
        Part(new Dictionary<string, object> { ["alg"] = "none" }) + "." + Part(new Dictionary<string, object>
        {
            ["iss"] = clientId,
            ["sub"] = clientId,
            ["aud"] = audience,
            ["jti"] = Guid.NewGuid().ToString("N"),
            ["exp"] = (now + TimeSpan.FromMinutes(1)).ToUnixTimeSeconds(),
        }) + ".";

    /// <summary>The form fields of private_key_jwt (RFC 7523 §2.2).</summary>
    public static Dictionary<string, string> Form(string assertion, IDictionary<string, string> more) => new(more)
    {
        ["client_assertion_type"] = JwtBearer,
        ["client_assertion"] = assertion,
    };

    private static string Part(Dictionary<string, object> json) => Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(json));
}
