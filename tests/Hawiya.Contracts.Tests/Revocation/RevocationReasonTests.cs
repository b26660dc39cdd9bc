using Hawiya.Contracts.Cards;
using Hawiya.Contracts.Revocation;
using Hawiya.Pki.Revocation;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;

namespace Hawiya.Contracts.Tests.Revocation;

public sealed class RevocationReasonTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 1, 10, 0, 0, TimeSpan.Zero);

    private static readonly Serializer Serializer = new ServiceCollection()
        .AddSerializer(builder => builder.AddAssembly(typeof(RevocationEntry).Assembly))
        .BuildServiceProvider()
        .GetRequiredService<Serializer>();

    [Theory]
    [InlineData(RevocationReason.Unspecified, 0)]
    [InlineData(RevocationReason.KeyCompromise, 1)]
    [InlineData(RevocationReason.CaCompromise, 2)]
    [InlineData(RevocationReason.AffiliationChanged, 3)]
    [InlineData(RevocationReason.Superseded, 4)]
    [InlineData(RevocationReason.CessationOfOperation, 5)]
    [InlineData(RevocationReason.CertificateHold, 6)]
    [InlineData(RevocationReason.RemoveFromCrl, 8)]
    [InlineData(RevocationReason.PrivilegeWithdrawn, 9)]
    [InlineData(RevocationReason.AaCompromise, 10)]
    public void Value_IsTheRfc5280Code(RevocationReason reason, int code) => Assert.Equal(code, (int)reason);

    [Fact]
    public void Values_AreExactlyTheTenRfc5280Codes() =>
        Assert.Equal([0, 1, 2, 3, 4, 5, 6, 8, 9, 10], Enum.GetValues<RevocationReason>().Select(reason => (int)reason));

    [Theory]
    [InlineData(CardRevocationCause.Lost, RevocationReason.KeyCompromise)]
    [InlineData(CardRevocationCause.Stolen, RevocationReason.KeyCompromise)]
    [InlineData(CardRevocationCause.Deceased, RevocationReason.CessationOfOperation)]
    [InlineData(CardRevocationCause.Superseded, RevocationReason.Superseded)]
    public void ToRevocationReason_EachCause_IsItsPublishedReason(CardRevocationCause cause, RevocationReason reason) =>
        Assert.Equal(reason, cause.ToRevocationReason());

    [Fact]
    public void Deserialize_ChangeWrittenWithTheFormerContractsEnum_ReadsTheSameReason()
    {
        // A RevocationChange { Revoked, Superseded, At } serialized when the contracts had their own CrlReason enum.
        var bytes = Convert.FromBase64String("IOgADQERIYAAkJzckU/fCIEAAAAAAAAAAODg");

        var change = Serializer.Deserialize<RevocationChange>(bytes);

        Assert.NotNull(change);
        Assert.Equal(RevocationReason.Superseded, change.Reason);
        Assert.Equal(CardStatus.Revoked, change.Status);
        Assert.Equal(At, change.At);
        Assert.Equal(bytes, Serializer.SerializeToArray(change));
    }

    [Fact]
    public void Serialize_EveryReason_RoundTripsInAnEntry()
    {
        foreach (var reason in Enum.GetValues<RevocationReason>())
        {
            var entry = new RevocationEntry { Serial = "0a", RevokedAt = At, Reason = reason };

            Assert.Equal(entry, Serializer.Deserialize<RevocationEntry>(Serializer.SerializeToArray(entry)));
        }
    }
}
