using System.Text.Json;
using System.Text.Json.Serialization;

namespace Hawiya.Card.Bridge;

/// <summary>
/// One message of the online bridge between a reader agent and the cluster: a JSON text frame on a
/// WebSocket (RFC 6455 §5.6). The conversation:
/// <code>
/// server → agent  challenge  { challenge }                      on connect
/// agent  → server hello      { chain, signature }               reader credential, signature over the challenge
/// server → agent  ready      { reader }                         or close 1008 (policy violation)
/// agent  → server pair       { code }                           the code shown on the login page
/// server → agent  sign       { method, nonce, provider, level } or error { reason }
///                                                               the agent shows provider and level; the citizen confirms before the PIN
/// agent  → server signed     { certificate, identity, signature }   or failed { reason, triesLeft }
///                                                               (reason "holder-declined": the citizen did not confirm)
/// server → agent  done       { reason }                         "accepted" or why not
/// </code>
/// Byte fields are base64. Card data travels only inside one conversation and is never logged.
/// </summary>
public sealed record BridgeMessage
{
    /// <summary>Largest frame either side accepts: a certificate chain and identity data fit with room to spare.</summary>
    public const int MaxFrameBytes = 64 * 1024;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public required string Type { get; init; }

    public byte[]? Challenge { get; init; }

    /// <summary>The reader's certificate first, then its CA (DER each).</summary>
    public byte[][]? Chain { get; init; }

    public byte[]? Signature { get; init; }

    public string? Reader { get; init; }

    public string? Code { get; init; }

    /// <summary>Card, CardPin or CardFingerprint.</summary>
    public string? Method { get; init; }

    public byte[]? Nonce { get; init; }

    /// <summary>The service provider the login is for, as its pages name it.</summary>
    public string? Provider { get; init; }

    /// <summary>The level of assurance the card login gives (eidas1, eidas2, eidas3).</summary>
    public string? Level { get; init; }

    public byte[]? Certificate { get; init; }

    public byte[]? Identity { get; init; }

    public string? Reason { get; init; }

    public int? TriesLeft { get; init; }

    public byte[] ToUtf8() => JsonSerializer.SerializeToUtf8Bytes(this, Json);

    /// <summary>Parses one frame; null when it is not a bridge message.</summary>
    public static BridgeMessage? Parse(ReadOnlySpan<byte> utf8)
    {
        try
        {
            return JsonSerializer.Deserialize<BridgeMessage>(utf8, Json) is { Type.Length: > 0 } message ? message : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

/// <summary>The values of <see cref="BridgeMessage.Type"/>.</summary>
public static class BridgeTypes
{
    public const string Challenge = "challenge";
    public const string Hello = "hello";
    public const string Ready = "ready";
    public const string Pair = "pair";
    public const string Sign = "sign";
    public const string Signed = "signed";
    public const string Failed = "failed";
    public const string Done = "done";
    public const string Error = "error";
}

/// <summary>Why a card login failed, as the agent reports it (<see cref="BridgeMessage.Reason"/>).</summary>
public static class BridgeReasons
{
    public const string Accepted = "accepted";
    public const string HolderRefused = "holder-refused";
    public const string HolderBlocked = "holder-blocked";
    /// <summary>The citizen declined the login the reader showed (another service or level than they meant).</summary>
    public const string HolderDeclined = "holder-declined";
    public const string CardError = "card-error";
    public const string UnknownCode = "unknown-code";
    public const string Refused = "refused";
    public const string CardNotUsable = "card-not-usable";
    public const string WrongHolder = "wrong-holder";
    public const string ProofInvalid = "proof-invalid";
}
