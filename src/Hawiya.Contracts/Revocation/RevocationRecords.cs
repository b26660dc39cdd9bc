using Hawiya.Contracts.Cards;
using Hawiya.Pki.Revocation;

namespace Hawiya.Contracts.Revocation;

/// <summary>Keys of the revocation list grains: one per issuing CA.</summary>
public static class RevocationLists
{
    /// <summary>The card CA. Not parseable as hex, so Orleans keeps it as a string key (see architecture.md).</summary>
    public const string CardCa = "card-ca";
}

/// <summary>A listed certificate (RFC 5280 §5.1.2.6): serial in lower-case hex, since when, why.</summary>
[GenerateSerializer, Immutable, Alias("hawiya.RevocationEntry")]
public sealed record RevocationEntry
{
    [Id(0)] public required string Serial { get; init; }
    [Id(1)] public required DateTimeOffset RevokedAt { get; init; }
    /// <summary>certificateHold while suspended; removeFromCRL only among delta changes.</summary>
    [Id(2)] public required RevocationReason Reason { get; init; }
}

/// <summary>A card's status as the CA must publish it, reported by the card grain.</summary>
[GenerateSerializer, Immutable, Alias("hawiya.RevocationChange")]
public sealed record RevocationChange
{
    /// <summary>Active (released from hold), Suspended (certificateHold) or Revoked.</summary>
    [Id(0)] public required CardStatus Status { get; init; }
    /// <summary>Required when <see cref="Status"/> is Revoked.</summary>
    [Id(1)] public RevocationReason? Reason { get; init; }
    [Id(2)] public required DateTimeOffset At { get; init; }
}

/// <summary>Why a change was refused. Numeric values are persisted: never renumber.</summary>
[GenerateSerializer, Alias("hawiya.RevocationError")]
public enum RevocationError
{
    None = 0,
    /// <summary>Not 1 to 40 lower-case hex digits, or a Revoked change without a reason.</summary>
    InvalidChange = 1,
    /// <summary>A permanently revoked certificate cannot be held or released (RFC 5280 §5.3.1).</summary>
    AlreadyRevoked = 2,
}

[GenerateSerializer, Immutable, Alias("hawiya.RevocationResult")]
public sealed record RevocationResult
{
    [Id(0)] public required RevocationError Error { get; init; }
    /// <summary>The list version after the call; it grows by one with every change.</summary>
    [Id(1)] public required long Version { get; init; }
    [Id(2)] public string? Detail { get; init; }

    public bool Succeeded => Error == RevocationError.None;
}

/// <summary>What the list says of one serial. Serials not listed are reported as not revoked.</summary>
[GenerateSerializer, Immutable, Alias("hawiya.RevocationStatus")]
public sealed record RevocationStatus
{
    /// <summary>The entry, or null when the serial is not on the list.</summary>
    [Id(0)] public RevocationEntry? Entry { get; init; }
    [Id(1)] public required long Version { get; init; }

    public bool IsRevoked => Entry is not null;
}

/// <summary>Every listed entry at one version of the list.</summary>
[GenerateSerializer, Immutable, Alias("hawiya.RevocationListView")]
public sealed record RevocationListView
{
    [Id(0)] public required long Version { get; init; }
    [Id(1)] public required IReadOnlyList<RevocationEntry> Entries { get; init; }
}

[GenerateSerializer, Alias("hawiya.CrlKind")]
public enum CrlKind
{
    Full = 0,
    Delta = 1,
}

/// <summary>
/// A CRL number just taken and what the CRL with that number must list: every entry for a full
/// CRL; for a delta, the changes since the full CRL numbered <see cref="BaseCrlNumber"/>.
/// </summary>
[GenerateSerializer, Immutable, Alias("hawiya.CrlNumbering")]
public sealed record CrlNumbering
{
    [Id(0)] public required CrlKind Kind { get; init; }
    [Id(1)] public required long Number { get; init; }
    /// <summary>Delta only: the base full CRL's number (RFC 5280 §5.2.4).</summary>
    [Id(2)] public long? BaseCrlNumber { get; init; }
    [Id(3)] public required IReadOnlyList<RevocationEntry> Entries { get; init; }
    /// <summary>The list version these entries reflect.</summary>
    [Id(4)] public required long Version { get; init; }
}
