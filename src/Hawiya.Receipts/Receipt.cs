namespace Hawiya.Receipts;

/// <summary>
/// What a receipt of one authentication says (its JWS payload). <see cref="Previous"/> is the
/// digest of the citizen's previous receipt, so a citizen's receipts form a chain that cannot be
/// reordered, shortened in the middle or rewritten without breaking a signature or a link.
/// </summary>
public sealed record Receipt
{
    /// <summary>The platform that signed it (the OpenID Provider's issuer identifier).</summary>
    public required string Issuer { get; init; }
    /// <summary>Receipt id (<c>jti</c>), also in the ID token as <c>receipt_id</c>.</summary>
    public required string Id { get; init; }
    /// <summary>The provider the citizen authenticated to (<c>client_id</c>).</summary>
    public required string ClientId { get; init; }
    /// <summary>The pairwise subject the provider knows the citizen by.</summary>
    public required string Subject { get; init; }
    public required DateTimeOffset IssuedAt { get; init; }
    public required string Acr { get; init; }
    public required string[] Amr { get; init; }
    /// <summary><see cref="ReceiptDigests.Claims"/> of the claims released.</summary>
    public required string ClaimsDigest { get; init; }
    /// <summary><see cref="ReceiptDigests.Of"/> the previous receipt; null for the citizen's first.</summary>
    public string? Previous { get; init; }
}

public static class ReceiptNames
{
    public const string Algorithm = "ES256";

    /// <summary>Explicit typing (RFC 8725 §3.11): a receipt can never pass for an ID or access token.</summary>
    public const string Type = "receipt+jwt";

    /// <summary>The ID token claim naming the receipt.</summary>
    public const string IdTokenClaim = "receipt_id";
}
