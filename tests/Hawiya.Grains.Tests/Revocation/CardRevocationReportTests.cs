using Hawiya.Contracts.Cards;
using Hawiya.Contracts.Revocation;
using Hawiya.Pki.Revocation;

namespace Hawiya.Grains.Tests.Revocation;

/// <summary>The card grain reports each status change to the card CA's list before it answers.</summary>
[Collection(ClusterCollection.Name)]
public sealed class CardRevocationReportTests(ClusterFixture fixture)
{
    private IRevocationListGrain CardCaList => fixture.Grains.GetGrain<IRevocationListGrain>(RevocationLists.CardCa);

    private async Task<(ICardGrain Card, string Serial)> IssueAsync()
    {
        var serial = "5" + Guid.NewGuid().ToString("N");
        var card = fixture.Grains.GetGrain<ICardGrain>(fixture.Keys.Card(ClusterFixture.NewNationalNumber()));
        var now = ClusterFixture.Time.GetUtcNow();
        await card.IssueAsync(new CardIssue
        {
            HolderKey = fixture.Keys.Citizen(ClusterFixture.NewNationalNumber()),
            CertificateSerial = serial,
            Certificate = [0x30, 0x82, 0x01],
            NotBefore = now.AddDays(-1),
            NotAfter = now.AddYears(10),
        });
        return (card, serial);
    }

    [Fact]
    public async Task RevokeAsync_Succeeded_SerialIsListedWithTheCardsReason()
    {
        var (card, serial) = await IssueAsync();

        await card.RevokeAsync(CardRevocationCause.Stolen);

        var status = await CardCaList.GetStatusAsync(serial);
        Assert.Equal(RevocationReason.KeyCompromise, status.Entry?.Reason);
    }

    [Fact]
    public async Task SuspendAsync_ThenResumeAsync_HoldsThenReleasesTheSerial()
    {
        var (card, serial) = await IssueAsync();

        await card.SuspendAsync();
        var held = await CardCaList.GetStatusAsync(serial);
        await card.ResumeAsync();
        var released = await CardCaList.GetStatusAsync(serial);

        Assert.Equal(RevocationReason.CertificateHold, held.Entry?.Reason);
        Assert.False(released.IsRevoked);
    }

    [Fact]
    public async Task RevokeAsync_SameCauseAgain_IsARetryThatSucceeds()
    {
        var (card, serial) = await IssueAsync();
        await card.RevokeAsync(CardRevocationCause.Deceased);

        var again = await card.RevokeAsync(CardRevocationCause.Deceased);

        Assert.True(again.Succeeded);
        Assert.Equal(RevocationReason.CessationOfOperation, (await CardCaList.GetStatusAsync(serial)).Entry?.Reason);
    }

    [Fact]
    public async Task IssueAsync_ActiveCard_IsNotListed()
    {
        var (_, serial) = await IssueAsync();

        Assert.False((await CardCaList.GetStatusAsync(serial)).IsRevoked);
    }
}
