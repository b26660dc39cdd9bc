using Hawiya.Contracts.Cards;
using Hawiya.Contracts.Citizens;

namespace Hawiya.Grains.Tests.Citizens;

[Collection(ClusterCollection.Name)]
public sealed class CitizenUnfreezeTests(ClusterFixture fixture)
{
    private async Task<(ICitizenGrain Citizen, string CardKey, ICardGrain Card)> FrozenCitizenWithCardAsync()
    {
        var holderKey = fixture.Keys.Citizen(ClusterFixture.NewNationalNumber());
        var cardKey = fixture.Keys.Card(ClusterFixture.NewNationalNumber());
        var card = fixture.Grains.GetGrain<ICardGrain>(cardKey);
        var now = ClusterFixture.Time.GetUtcNow();
        await card.IssueAsync(new CardIssue
        {
            HolderKey = holderKey,
            CertificateSerial = "1a2b",
            Certificate = [0x30, 0x00],
            NotBefore = now.AddDays(-1),
            NotAfter = now.AddYears(10),
        });
        var citizen = fixture.Grains.GetGrain<ICitizenGrain>(holderKey);
        await citizen.ActivateAsync();
        await citizen.FreezeAsync();
        return (citizen, cardKey, card);
    }

    [Fact]
    public async Task UnfreezeWithCardAsync_OwnActiveCard_ReactivatesTheIdentity()
    {
        var (citizen, cardKey, _) = await FrozenCitizenWithCardAsync();

        var result = await citizen.UnfreezeWithCardAsync(cardKey);

        Assert.True(result.Succeeded);
        Assert.Equal(CitizenStatus.Active, result.Snapshot.Status);
    }

    [Fact]
    public async Task UnfreezeWithCardAsync_RevokedCard_IsRefused()
    {
        var (citizen, cardKey, card) = await FrozenCitizenWithCardAsync();
        await card.RevokeAsync(CardRevocationCause.Stolen);

        var result = await citizen.UnfreezeWithCardAsync(cardKey);

        Assert.Equal(CitizenError.CardNotUsable, result.Error);
        Assert.Equal(CitizenStatus.Frozen, (await citizen.GetAsync()).Status);
    }

    [Fact]
    public async Task UnfreezeWithCardAsync_SomeoneElsesCard_IsRefused()
    {
        var (citizen, _, _) = await FrozenCitizenWithCardAsync();
        var (_, otherCardKey, _) = await FrozenCitizenWithCardAsync();

        var result = await citizen.UnfreezeWithCardAsync(otherCardKey);

        Assert.Equal(CitizenError.CardNotUsable, result.Error);
    }

    [Fact]
    public async Task UnfreezeWithCardAsync_NotFrozen_IsForbidden()
    {
        var (citizen, cardKey, _) = await FrozenCitizenWithCardAsync();
        await citizen.UnfreezeWithCardAsync(cardKey);

        var again = await citizen.UnfreezeWithCardAsync(cardKey);

        Assert.Equal(CitizenError.ForbiddenTransition, again.Error);
    }
}
