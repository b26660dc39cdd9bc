using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Hawiya.Receipts;

/// <summary>One receipt checked: its content when the signature holds, else why not.</summary>
public sealed record ReceiptCheck(int Index, Receipt? Receipt, string? Error)
{
    public bool IsValid => Error is null;
}

/// <summary>A chain checked receipt by receipt, then link by link.</summary>
public sealed record ChainReport(IReadOnlyList<ReceiptCheck> Receipts)
{
    public bool IsValid => Receipts.All(r => r.IsValid);
}

/// <summary>
/// Checks receipts against the platform's receipt JWKS: compact JWS, <c>alg</c> ES256 only (no
/// "none", no algorithm taken from the token: RFC 8725 §3.1), <c>typ</c>, a known <c>kid</c>, the
/// signature, and, for a chain given oldest first, that each receipt names the digest of the one
/// before it and is not older than it.
/// </summary>
public sealed class ReceiptVerifier(IReadOnlyDictionary<string, ECDsa> keys)
{
    public static ReceiptVerifier FromJwks(string json) => new(ReceiptJwks.Read(json));

    public ReceiptCheck Verify(string compactJws, int index = 0)
    {
        var parts = compactJws.Trim().Split('.');
        if (parts.Length != 3)
        {
            return new(index, null, "not a compact JWS (three base64url parts)");
        }

        try
        {
            using var header = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[0]));
            var h = header.RootElement;
            if (!h.TryGetProperty("alg", out var alg) || alg.GetString() != ReceiptNames.Algorithm)
            {
                return new(index, null, "alg must be ES256");
            }

            if (!h.TryGetProperty("typ", out var typ) || typ.GetString() != ReceiptNames.Type)
            {
                return new(index, null, $"typ must be {ReceiptNames.Type}");
            }

            if (!h.TryGetProperty("kid", out var kid) || kid.GetString() is not { } keyId || !keys.TryGetValue(keyId, out var key))
            {
                return new(index, null, "kid is missing or not in the JWKS");
            }

            var signature = Base64Url.DecodeFromChars(parts[2]);
            var signed = Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]);
            if (signature.Length != 64 || !key.VerifyData(signed, signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation))
            {
                return new(index, null, "the signature does not verify");
            }

            return new(index, ReceiptPayload.Read(Base64Url.DecodeFromChars(parts[1])), null);
        }
        catch (Exception exception) when (exception is FormatException or JsonException or InvalidOperationException)
        {
            return new(index, null, "malformed: " + exception.Message);
        }
    }

    /// <summary>Receipts of one citizen, oldest first.</summary>
    public ChainReport VerifyChain(IReadOnlyList<string> receipts)
    {
        var checks = receipts.Select((r, i) => Verify(r, i)).ToArray();
        for (var i = 1; i < checks.Length; i++)
        {
            if (checks[i].Receipt is not { } current || checks[i - 1].Receipt is not { } previous)
            {
                continue;
            }

            if (current.Previous != ReceiptDigests.Of(receipts[i - 1].Trim()))
            {
                checks[i] = checks[i] with { Error = $"does not follow receipt {i - 1}: prev is not the digest of the receipt before it" };
            }
            else if (current.IssuedAt < previous.IssuedAt)
            {
                checks[i] = checks[i] with { Error = $"is older than receipt {i - 1}" };
            }
            else if (current.Issuer != previous.Issuer)
            {
                checks[i] = checks[i] with { Error = $"has another issuer than receipt {i - 1}" };
            }
        }

        return new ChainReport(checks);
    }
}
