using Hawiya.Contracts.Cards;
using Hawiya.Grains.Cards;
using Hawiya.Grains.Revocation;
using Hawiya.Pki.Revocation;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Orleans.Storage;

namespace Hawiya.Grains.Tests.Revocation;

/// <summary>
/// States written by the ADO.NET storage's serializer when the contracts had their own CrlReason enum
/// (bytes captured then): a card and a revocation list stored before the one reason enum read the same.
/// </summary>
public sealed class StoredReasonTests
{
    private const string StoredCard = "IAANwQEBBQEFIYAAkJzckU/fCIEAAAAAAAAAAODg";
    private const string StoredList =
        "ICAwATEs1C4dU3RyaW5nQ29tcGFyZXIAAwEB4AEHQQUwYSDowA8hgACQnNyRT98IgQAAAAAAAAAA4AEF4EAFMGIg6MAdIYAAkJzckU/fCIEAAAAAAAAAAOABGeBABTBjIOjAKyGAAJCc3JFP3wiBAAAAAAAAAADgARXg4AEdARUhOAMAAwEB4AEFQQUwZCDowEchgACQnNyRT98IgQAAAAAAAAAA4AEh4MArIOjAKyGAAJCc3JFP3wiBAAAAAAAAAADgARXg4AEl4A==";

    private static readonly DateTimeOffset At = new(2026, 12, 1, 10, 0, 0, TimeSpan.Zero);

    private static readonly OrleansGrainStorageSerializer Storage = new(new ServiceCollection()
        .AddSerializer(builder => builder.AddAssembly(typeof(CardState).Assembly).AddAssembly(typeof(CardSnapshot).Assembly))
        .BuildServiceProvider()
        .GetRequiredService<Serializer>());

    [Fact]
    public void Deserialize_CardStoredBeforeTheOneEnum_KeepsItsReason()
    {
        var card = Storage.Deserialize<CardState>(new BinaryData(Convert.FromBase64String(StoredCard)));

        Assert.NotNull(card);
        Assert.Equal(CardStatus.Revoked, card.Status);
        Assert.Equal(RevocationReason.KeyCompromise, card.RevocationReason);
        Assert.Equal(CardRevocationCause.Stolen, card.RevocationCause);
        Assert.Equal(At, card.StatusChangedAt);
        Assert.Equal(StoredCard, Convert.ToBase64String(Storage.Serialize(card).ToArray()));
    }

    [Fact]
    public void Deserialize_RevocationListStoredBeforeTheOneEnum_KeepsEveryReason()
    {
        var list = Storage.Deserialize<RevocationListState>(new BinaryData(Convert.FromBase64String(StoredList)));

        Assert.NotNull(list);
        Assert.Equal(
            [("0a", RevocationReason.KeyCompromise), ("0b", RevocationReason.CertificateHold), ("0c", RevocationReason.CessationOfOperation)],
            list.Listed.Values.OrderBy(e => e.Serial, StringComparer.Ordinal).Select(e => (e.Serial, e.Reason)));
        Assert.Equal(
            [("0c", RevocationReason.CessationOfOperation), ("0d", RevocationReason.RemoveFromCrl)],
            list.ChangesSinceFull.Values.OrderBy(e => e.Serial, StringComparer.Ordinal).Select(e => (e.Serial, e.Reason)));
        Assert.Equal((7L, 5L, 9L), (list.CrlNumber, list.LastFullCrlNumber, list.Version));
        Assert.Equal(StoredList, Convert.ToBase64String(Storage.Serialize(list).ToArray()));
    }
}
