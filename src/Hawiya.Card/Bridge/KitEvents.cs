using System.Security.Cryptography;
using System.Text.Json;

namespace Hawiya.Card.Bridge;

/// <summary>
/// One check an offline kit made at its counter. No personal data: the card is named by its
/// certificate serial (what CRLs carry), never by its card or national number.
/// </summary>
/// <param name="Id">Unique per event (a UUID); the cluster counts each id once, however often it is sent.</param>
/// <param name="Outcome">One of <see cref="KitOutcomes"/>.</param>
public sealed record KitEvent(string Id, string Reader, DateTimeOffset At, string Outcome, string CertificateSerial, string Holder)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The exact bytes that are signed and sent: the server verifies these, then parses them.</summary>
    public byte[] ToPayload() => JsonSerializer.SerializeToUtf8Bytes(this, Json);

    public static KitEvent? FromPayload(ReadOnlySpan<byte> payload)
    {
        try
        {
            return JsonSerializer.Deserialize<KitEvent>(payload, Json);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

/// <summary>An event as stored on the kit's disk and sent to the cluster: the payload and the reader's signature over it.</summary>
public sealed record SignedKitEvent(byte[] Payload, byte[] Signature)
{
    /// <summary>Separates event signatures from the bridge's reader proofs made with the same key.</summary>
    public static ReadOnlySpan<byte> Label => "HAWIYA-KIT-EVENT-1"u8;

    public static SignedKitEvent Sign(KitEvent kitEvent, ECDsa readerKey)
    {
        ArgumentNullException.ThrowIfNull(kitEvent);
        ArgumentNullException.ThrowIfNull(readerKey);
        var payload = kitEvent.ToPayload();
        byte[] message = [.. Label, .. payload];
        return new SignedKitEvent(payload, readerKey.SignData(message, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation));
    }

    public bool Verify(ECDsa readerPublicKey)
    {
        ArgumentNullException.ThrowIfNull(readerPublicKey);
        byte[] message = [.. Label, .. Payload];
        return readerPublicKey.VerifyData(message, Signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
    }
}

/// <summary>A batch of events sent to <c>POST /edge/events</c>: the reader's chain (its certificate, then the reader CA) and the events.</summary>
public sealed record KitEventBatch(byte[][] Chain, SignedKitEvent[] Events)
{
    /// <summary>Most events one request may carry.</summary>
    public const int MaxEvents = 500;
}

/// <summary>The cluster's answer: every id it now holds from this batch (new or already known), and how many were new.</summary>
public sealed record KitEventReceipt(string[] Acknowledged, int Recorded);

public static class KitOutcomes
{
    public const string Accepted = "accepted";
    public const string AcceptedStaleCrl = "accepted-stale-crl";
    public const string Revoked = "refused-revoked";
    public const string Suspended = "refused-suspended";
    public const string NotAuthentic = "refused-not-authentic";
    public const string HolderRefused = "refused-holder";
    public const string StaleCrl = "refused-stale-crl";

    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal)
    {
        Accepted, AcceptedStaleCrl, Revoked, Suspended, NotAuthentic, HolderRefused, StaleCrl,
    };
}
