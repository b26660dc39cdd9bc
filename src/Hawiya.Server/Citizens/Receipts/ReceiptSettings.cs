namespace Hawiya.Server.Citizens.Receipts;

/// <summary>The receipt key (section <c>Hawiya:Receipts</c>), separate from the OIDC keys.</summary>
public sealed class ReceiptSettings
{
    public const string Section = "Hawiya:Receipts";

    /// <summary>PKCS#8 PEM of an EC P-256 key; in Development, generated once and shared by silos when empty.</summary>
    public string? SigningKey { get; set; }

    /// <summary>The <c>kid</c> of <see cref="SigningKey"/>.</summary>
    public string KeyId { get; set; } = "receipts-1";

    /// <summary>
    /// Public keys (PEM) of earlier receipt keys, still published so that every receipt ever
    /// issued stays verifiable after a rotation.
    /// </summary>
    public List<RetiredReceiptKey> RetiredKeys { get; set; } = [];
}

public sealed class RetiredReceiptKey
{
    public string KeyId { get; set; } = string.Empty;
    public string PublicKeyPem { get; set; } = string.Empty;
}
