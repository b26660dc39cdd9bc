using Hawiya.Pki.Identity;

namespace Hawiya.Pki.Cards;

/// <summary>What the registration authority knows about a new card and its holder.</summary>
/// <param name="Photo">The holder's photo as stored on the card (at most <see cref="MaxPhotoBytes"/>).</param>
public sealed record PersonalisationRequest(string CardNumber, string NationalNumber, PivotIdentity Holder, byte[] Photo)
{
    /// <summary>The largest elementary file of the card (docs/card-profile.md: 15-bit READ BINARY offsets).</summary>
    public const int MaxPhotoBytes = 0x7FFF;

    /// <summary>The largest template VERIFY accepts on the card (docs/card-profile.md).</summary>
    public const int MaxFingerprintBytes = 4096;

    /// <summary>Start of validity; "now" when absent.</summary>
    public DateTimeOffset? ValidFrom { get; init; }

    /// <summary>Card lifetime; ten years, as the CNIE.</summary>
    public TimeSpan Validity { get; init; } = TimeSpan.FromDays(3652);

    /// <summary>A PIN chosen at the counter; a random 6-digit PIN when absent.</summary>
    public string? Pin { get; init; }

    /// <summary>The enrolled fingerprint template; 32 random bytes stand in when absent.</summary>
    public byte[]? Fingerprint { get; init; }
}
