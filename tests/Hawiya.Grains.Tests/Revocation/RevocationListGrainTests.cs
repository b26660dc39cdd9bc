using Hawiya.Contracts.Cards;
using Hawiya.Contracts.Revocation;
using Hawiya.Pki.Revocation;

namespace Hawiya.Grains.Tests.Revocation;

[Collection(ClusterCollection.Name)]
public sealed class RevocationListGrainTests(ClusterFixture fixture)
{
    // A fresh list per test: the key only has to be a non-hex string (architecture.md, storage keys).
    private IRevocationListGrain NewList() => fixture.Grains.GetGrain<IRevocationListGrain>("list-" + Guid.NewGuid().ToString("N"));

    private static string NewSerial() => "7" + Guid.NewGuid().ToString("N");

    private static RevocationChange Change(CardStatus status, RevocationReason? reason = null) =>
        new() { Status = status, Reason = reason, At = ClusterFixture.Time.GetUtcNow() };

    [Fact]
    public async Task RecordAsync_Revoked_ListsTheSerialWithItsReason()
    {
        var list = NewList();
        var serial = NewSerial();

        var result = await list.RecordAsync(serial, Change(CardStatus.Revoked, RevocationReason.KeyCompromise));

        Assert.True(result.Succeeded);
        var status = await list.GetStatusAsync(serial);
        Assert.True(status.IsRevoked);
        Assert.Equal(RevocationReason.KeyCompromise, status.Entry!.Reason);
        Assert.False((await list.GetStatusAsync(NewSerial())).IsRevoked);
    }

    [Fact]
    public async Task RecordAsync_SameChangeTwice_ChangesTheVersionOnce()
    {
        var list = NewList();
        var serial = NewSerial();

        var first = await list.RecordAsync(serial, Change(CardStatus.Revoked, RevocationReason.Superseded));
        var again = await list.RecordAsync(serial, Change(CardStatus.Revoked, RevocationReason.Superseded));

        Assert.True(again.Succeeded);
        Assert.Equal(first.Version, again.Version);
        Assert.Single((await list.GetEntriesAsync()).Entries);
    }

    [Fact]
    public async Task RecordAsync_RevokedThenHeldOrOtherReason_IsRefusedAndChangesNothing()
    {
        var list = NewList();
        var serial = NewSerial();
        var revoked = await list.RecordAsync(serial, Change(CardStatus.Revoked, RevocationReason.KeyCompromise));

        var held = await list.RecordAsync(serial, Change(CardStatus.Suspended));
        var other = await list.RecordAsync(serial, Change(CardStatus.Revoked, RevocationReason.Superseded));

        Assert.Equal(RevocationError.AlreadyRevoked, held.Error);
        Assert.Equal(RevocationError.AlreadyRevoked, other.Error);
        Assert.Equal(revoked.Version, other.Version);
        Assert.Equal(RevocationReason.KeyCompromise, (await list.GetStatusAsync(serial)).Entry!.Reason);
    }

    [Theory]
    [InlineData("")]
    [InlineData("0F42")]
    [InlineData("not-hex")]
    public async Task RecordAsync_InvalidSerial_IsRefused(string serial)
    {
        var result = await NewList().RecordAsync(serial, Change(CardStatus.Revoked, RevocationReason.KeyCompromise));

        Assert.Equal(RevocationError.InvalidChange, result.Error);
    }

    [Fact]
    public async Task RecordAsync_SuspendedThenResumed_HoldsThenDeltaCarriesRemoveFromCrl()
    {
        var list = NewList();
        var serial = NewSerial();
        await list.NextCrlNumberAsync(CrlKind.Full);

        await list.RecordAsync(serial, Change(CardStatus.Suspended));
        var held = await list.NextCrlNumberAsync(CrlKind.Full);
        await list.RecordAsync(serial, Change(CardStatus.Active));
        var delta = await list.NextCrlNumberAsync(CrlKind.Delta);

        Assert.Equal(RevocationReason.CertificateHold, Assert.Single(held.Entries).Reason);
        Assert.Equal(CrlKind.Delta, delta.Kind);
        Assert.Equal(held.Number, delta.BaseCrlNumber);
        var removal = Assert.Single(delta.Entries);
        Assert.Equal((serial, RevocationReason.RemoveFromCrl), (removal.Serial, removal.Reason));
        Assert.Empty((await list.GetEntriesAsync()).Entries);
        Assert.False((await list.GetStatusAsync(serial)).IsRevoked);
    }

    [Fact]
    public async Task RecordAsync_HeldThenRevoked_ReplacesTheHoldWithTheReason()
    {
        var list = NewList();
        var serial = NewSerial();

        await list.RecordAsync(serial, Change(CardStatus.Suspended));
        var revoked = await list.RecordAsync(serial, Change(CardStatus.Revoked, RevocationReason.CessationOfOperation));

        Assert.True(revoked.Succeeded);
        Assert.Equal(RevocationReason.CessationOfOperation, (await list.GetStatusAsync(serial)).Entry!.Reason);
    }

    [Fact]
    public async Task NextCrlNumberAsync_FullAndDelta_ShareOneIncreasingSequence()
    {
        var list = NewList();

        var first = await list.NextCrlNumberAsync(CrlKind.Full);
        var delta = await list.NextCrlNumberAsync(CrlKind.Delta);
        var full = await list.NextCrlNumberAsync(CrlKind.Full);
        var nextDelta = await list.NextCrlNumberAsync(CrlKind.Delta);

        Assert.Equal([1L, 2L, 3L, 4L], [first.Number, delta.Number, full.Number, nextDelta.Number]);
        Assert.Equal(first.Number, delta.BaseCrlNumber);
        Assert.Equal(full.Number, nextDelta.BaseCrlNumber);
    }

    [Fact]
    public async Task NextCrlNumberAsync_DeltaBeforeAnyFull_IssuesAFullCrl()
    {
        var numbering = await NewList().NextCrlNumberAsync(CrlKind.Delta);

        Assert.Equal(CrlKind.Full, numbering.Kind);
        Assert.Null(numbering.BaseCrlNumber);
    }

    [Fact]
    public async Task NextCrlNumberAsync_DeltaAfterFull_ListsOnlyChangesSinceTheFull()
    {
        var list = NewList();
        var before = NewSerial();
        var after = NewSerial();
        await list.RecordAsync(before, Change(CardStatus.Revoked, RevocationReason.KeyCompromise));
        var full = await list.NextCrlNumberAsync(CrlKind.Full);

        await list.RecordAsync(after, Change(CardStatus.Revoked, RevocationReason.Superseded));
        var delta = await list.NextCrlNumberAsync(CrlKind.Delta);

        Assert.Equal(before, Assert.Single(full.Entries).Serial);
        Assert.Equal(after, Assert.Single(delta.Entries).Serial);
    }
}
