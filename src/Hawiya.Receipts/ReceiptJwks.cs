using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Hawiya.Receipts;

/// <summary>The receipt keys as a JWK Set (RFC 7517 §5), EC P-256 only (RFC 7518 §6.2).</summary>
public static class ReceiptJwks
{
    public static string Write(IEnumerable<(string KeyId, ECParameters PublicKey)> keys)
    {
        var array = new JsonArray();
        foreach (var (keyId, p) in keys)
        {
            array.Add(new JsonObject
            {
                ["kty"] = "EC",
                ["crv"] = "P-256",
                ["x"] = Base64Url.EncodeToString(p.Q.X),
                ["y"] = Base64Url.EncodeToString(p.Q.Y),
                ["kid"] = keyId,
                ["use"] = "sig",
                ["alg"] = ReceiptNames.Algorithm,
            });
        }

        return new JsonObject { ["keys"] = array }.ToJsonString();
    }

    /// <summary>The P-256 keys of a JWK Set by <c>kid</c>; other keys are ignored.</summary>
    public static IReadOnlyDictionary<string, ECDsa> Read(string json)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(json);
        }
        catch (JsonException exception)
        {
            throw new FormatException("the JWKS is not JSON: " + exception.Message, exception);
        }

        if (root?["keys"] is not JsonArray keys)
        {
            throw new FormatException("the JWKS has no keys array");
        }

        var result = new Dictionary<string, ECDsa>(StringComparer.Ordinal);
        foreach (var key in keys.OfType<JsonObject>())
        {
            if ((string?)key["kty"] != "EC" || (string?)key["crv"] != "P-256" || key["kid"]?.GetValue<string>() is not { Length: > 0 } kid)
            {
                continue;
            }

            var parameters = new ECParameters
            {
                Curve = ECCurve.NamedCurves.nistP256,
                Q = new ECPoint
                {
                    X = Base64Url.DecodeFromChars((string?)key["x"] ?? throw new FormatException($"key {kid} has no x")),
                    Y = Base64Url.DecodeFromChars((string?)key["y"] ?? throw new FormatException($"key {kid} has no y")),
                },
            };
            result[kid] = ECDsa.Create(parameters);
        }

        return result;
    }
}
