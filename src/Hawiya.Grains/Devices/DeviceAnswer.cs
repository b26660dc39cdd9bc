using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Hawiya.Grains.Devices;

/// <summary>
/// The app's answer to a push or face challenge: a compact JWS (RFC 7515 §7.1), header
/// <c>{"alg":"ES256","typ":"hawiya-device+jwt","kid":deviceId}</c>, payload
/// <c>{"sid","cid","act","num"?,"match"?,"iat"}</c>. Nothing else is accepted in the payload:
/// SECURITY: the server never receives biometric data, so a face image or template in an
/// answer is refused rather than ignored.
/// </summary>
public sealed record DeviceAnswer(string KeyId, string SessionId, string ChallengeId, string Action, string? Number, bool? Match, string SigningInput, byte[] Signature)
{
    public const string Type = "hawiya-device+jwt";
    public const string Approve = "approve";
    public const string Deny = "deny";
    public const string Face = "face";

    private static readonly HashSet<string> PayloadMembers = ["sid", "cid", "act", "num", "match", "iat"];
    private static readonly HashSet<string> HeaderMembers = ["alg", "typ", "kid"];

    /// <summary>Parses without verifying; null when the shape is wrong in any way.</summary>
    public static DeviceAnswer? Parse(string? compact)
    {
        var parts = compact?.Split('.');
        if (parts is not { Length: 3 } || compact!.Length > 4096)
        {
            return null;
        }

        try
        {
            using var header = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[0]));
            using var payload = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[1]));
            var signature = Base64Url.DecodeFromChars(parts[2]);
            if (!OnlyMembers(header.RootElement, HeaderMembers) || !OnlyMembers(payload.RootElement, PayloadMembers)
                || Text(header.RootElement, "alg") != "ES256" || Text(header.RootElement, "typ") != Type
                || Text(header.RootElement, "kid") is not { Length: > 0 and <= 64 } kid
                || Text(payload.RootElement, "sid") is not { Length: > 0 and <= 64 } sid
                || Text(payload.RootElement, "cid") is not { Length: > 0 and <= 64 } cid
                || Text(payload.RootElement, "act") is not { } action || action is not (Approve or Deny or Face)
                || signature.Length != 64)
            {
                return null;
            }

            var number = payload.RootElement.TryGetProperty("num", out var n) ? (n.ValueKind == JsonValueKind.String ? n.GetString() : "") : null;
            bool? match = payload.RootElement.TryGetProperty("match", out var m) ? m.ValueKind switch
            {
                JsonValueKind.True => true,
                JsonValueKind.False => false,
                _ => null,
            } : null;
            if (number == "" || (m.ValueKind != JsonValueKind.Undefined && match is null))
            {
                return null;
            }

            return new DeviceAnswer(kid, sid, cid, action, number, match, parts[0] + "." + parts[1], signature);
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>The session a compact answer names, read before any check so it can be routed.</summary>
    public static string? SessionOf(string? compact) => Parse(compact)?.SessionId;

    /// <summary>ES256 (RFC 7518 §3.4): ECDSA P-256 over SHA-256, signature as R||S.</summary>
    public bool VerifiedBy(ECDsa key) =>
        key.VerifyData(Encoding.ASCII.GetBytes(SigningInput), Signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);

    private static bool OnlyMembers(JsonElement element, HashSet<string> allowed) =>
        element.ValueKind == JsonValueKind.Object && element.EnumerateObject().All(p => allowed.Contains(p.Name));

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
