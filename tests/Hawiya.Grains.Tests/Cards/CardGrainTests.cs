using Hawiya.Contracts.Cards;
using Hawiya.Contracts.Citizens;
using Hawiya.Pki.Revocation;

namespace Hawiya.Grains.Tests.Cards;

[Collection(ClusterCollection.Name)]
public sealed class CardGrainTests(ClusterFixture fixture)
{
    private static CardIssue NewIssue(string holderKey, string serial = "0f42")
    {
        var now = ClusterFixture.Time.GetUtcNow();
        return new CardIssue
        {
            HolderKey = holderKey,
            CertificateSerial = serial,
            Certificate = [0x30, 0x82, 0x01],
            NotBefore = now.AddDays(-1),
            NotAfter = now.AddYears(10),
        };
    }

    private (ICardGrain Card, string HolderKey) NewCard() =>
        (fixture.Grains.GetGrain<ICardGrain>(fixture.Keys.Card(ClusterFixture.NewNationalNumber())),
         fixture.Keys.Citizen(ClusterFixture.NewNationalNumber()));

    [Fact]
    public async Task IssueAsync_NewCard_IsActiveAndAttachedToItsHolder()
    {
        var (card, holderKey) = NewCard();

        var result = await card.IssueAsync(NewIssue(holderKey));

        Assert.True(result.Succeeded);
        Assert.Equal(CardStatus.Active, result.Snapshot.Status);
        var holder = await fixture.Grains.GetGrain<ICitizenGrain>(holderKey).GetAsync();
        Assert.True(holder.Registered);
        Assert.Equal(CitizenStatus.NotActivated, holder.Status);
        Assert.Equal([card.GetPrimaryKeyString()], holder.CardKeys);
    }

    [Fact]
    public async Task IssueAsync_SameIssueTwice_IsHarmless()
    {
        var (card, holderKey) = NewCard();
        var issue = NewIssue(holderKey);

        await card.IssueAsync(issue);
        var again = await card.IssueAsync(issue);

        Assert.True(again.Succeeded);
        var holder = await fixture.Grains.GetGrain<ICitizenGrain>(holderKey).GetAsync();
        Assert.Single(holder.CardKeys);
    }

    [Fact]
    public async Task IssueAsync_OtherHolderForIssuedCard_IsAConflictAndChangesNothing()
    {
        var (card, holderKey) = NewCard();
        await card.IssueAsync(NewIssue(holderKey));

        var result = await card.IssueAsync(NewIssue(fixture.Keys.Citizen(ClusterFixture.NewNationalNumber())));

        Assert.Equal(CardError.Conflict, result.Error);
        Assert.Equal(holderKey, result.Snapshot.Issue!.HolderKey);
    }

    [Theory]
    [InlineData("")]
    [InlineData("0F42")]
    [InlineData("not-hex")]
    public async Task IssueAsync_BadSerial_IsInvalid(string serial)
    {
        var (card, holderKey) = NewCard();

        var result = await card.IssueAsync(NewIssue(holderKey, serial));

        Assert.Equal(CardError.InvalidIssue, result.Error);
        Assert.Equal(CardStatus.NotIssued, (await card.GetAsync()).Status);
    }

    [Fact]
    public async Task SuspendAndResume_ActiveCard_RoundTrips()
    {
        var (card, holderKey) = NewCard();
        await card.IssueAsync(NewIssue(holderKey));

        Assert.Equal(CardStatus.Suspended, (await card.SuspendAsync()).Snapshot.Status);
        Assert.False((await card.GetAsync()).IsUsableAt(ClusterFixture.Time.GetUtcNow()));
        Assert.Equal(CardStatus.Active, (await card.ResumeAsync()).Snapshot.Status);
    }

    [Theory]
    [InlineData(CardRevocationCause.Lost, RevocationReason.KeyCompromise)]
    [InlineData(CardRevocationCause.Stolen, RevocationReason.KeyCompromise)]
    [InlineData(CardRevocationCause.Deceased, RevocationReason.CessationOfOperation)]
    [InlineData(CardRevocationCause.Superseded, RevocationReason.Superseded)]
    public async Task RevokeAsync_ActiveCard_RecordsTheRfc5280Reason(CardRevocationCause cause, RevocationReason reason)
    {
        var (card, holderKey) = NewCard();
        await card.IssueAsync(NewIssue(holderKey));

        var result = await card.RevokeAsync(cause);

        Assert.Equal(CardStatus.Revoked, result.Snapshot.Status);
        Assert.Equal(reason, result.Snapshot.RevocationReason);
        Assert.Equal(cause, result.Snapshot.RevocationCause);
    }

    [Fact]
    public async Task RevokedCard_CannotBeResumedSuspendedOrRevokedAgain()
    {
        var (card, holderKey) = NewCard();
        await card.IssueAsync(NewIssue(holderKey));
        await card.RevokeAsync(CardRevocationCause.Lost);

        Assert.Equal(CardError.ForbiddenTransition, (await card.ResumeAsync()).Error);
        Assert.Equal(CardError.ForbiddenTransition, (await card.SuspendAsync()).Error);
        var again = await card.RevokeAsync(CardRevocationCause.Superseded);
        Assert.Equal(CardError.ForbiddenTransition, again.Error);
        Assert.Equal(RevocationReason.KeyCompromise, again.Snapshot.RevocationReason);
    }

    [Fact]
    public async Task RevokeAsync_NeverIssued_IsForbidden()
    {
        var (card, _) = NewCard();

        Assert.Equal(CardError.ForbiddenTransition, (await card.RevokeAsync(CardRevocationCause.Lost)).Error);
    }

    [Fact]
    public async Task IsUsableAt_AfterExpiry_IsFalse()
    {
        var (card, holderKey) = NewCard();
        var issue = NewIssue(holderKey) with { NotAfter = ClusterFixture.Time.GetUtcNow().AddDays(1) };
        await card.IssueAsync(issue);

        var snapshot = await card.GetAsync();

        Assert.True(snapshot.IsUsableAt(ClusterFixture.Time.GetUtcNow()));
        Assert.False(snapshot.IsUsableAt(ClusterFixture.Time.GetUtcNow().AddDays(2)));
    }
}
