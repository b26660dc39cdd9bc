using Hawiya.Pki.Revocation;

namespace Hawiya.Contracts.Cards;

/// <summary>What the platform learns of a card when it is issued: no personal data.</summary>
[GenerateSerializer, Immutable, Alias("hawiya.CardIssue")]
public sealed record CardIssue
{
    /// <summary>Grain key of the holder (a pseudonym, never the national number).</summary>
    [Id(0)] public required string HolderKey { get; init; }
    /// <summary>Serial number of the card authentication certificate, lower-case hex.</summary>
    [Id(1)] public required string CertificateSerial { get; init; }
    /// <summary>DER of the card authentication certificate (public key only).</summary>
    [Id(2)] public required byte[] Certificate { get; init; }
    [Id(3)] public required DateTimeOffset NotBefore { get; init; }
    [Id(4)] public required DateTimeOffset NotAfter { get; init; }
}

[GenerateSerializer, Immutable, Alias("hawiya.CardSnapshot")]
public sealed record CardSnapshot
{
    [Id(0)] public required CardStatus Status { get; init; }
    [Id(1)] public CardIssue? Issue { get; init; }
    [Id(2)] public RevocationReason? RevocationReason { get; init; }
    [Id(3)] public CardRevocationCause? RevocationCause { get; init; }
    [Id(4)] public DateTimeOffset? StatusChangedAt { get; init; }

    /// <summary>True when the card may be used to authenticate at <paramref name="now"/>.</summary>
    public bool IsUsableAt(DateTimeOffset now) =>
        Status == CardStatus.Active && Issue is { } issue && issue.NotBefore <= now && now < issue.NotAfter;
}

[GenerateSerializer, Immutable, Alias("hawiya.CardResult")]
public sealed record CardResult
{
    [Id(0)] public required CardError Error { get; init; }
    [Id(1)] public required CardSnapshot Snapshot { get; init; }
    [Id(2)] public string? Detail { get; init; }

    public bool Succeeded => Error == CardError.None;
}
