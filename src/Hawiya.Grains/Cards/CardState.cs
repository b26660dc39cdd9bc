using Hawiya.Contracts.Cards;
using Hawiya.Pki.Revocation;

namespace Hawiya.Grains.Cards;

[GenerateSerializer, Alias("hawiya.CardState")]
public sealed class CardState
{
    [Id(0)] public CardStatus Status { get; set; }
    [Id(1)] public CardIssue? Issue { get; set; }
    [Id(2)] public RevocationReason? RevocationReason { get; set; }
    [Id(3)] public CardRevocationCause? RevocationCause { get; set; }
    [Id(4)] public DateTimeOffset? StatusChangedAt { get; set; }

    public CardSnapshot ToSnapshot() => new()
    {
        Status = Status,
        Issue = Issue,
        RevocationReason = RevocationReason,
        RevocationCause = RevocationCause,
        StatusChangedAt = StatusChangedAt,
    };
}
