using Hawiya.Contracts.Citizens;
using Hawiya.Contracts.Common;
using Hawiya.Contracts.Sessions;
using Hawiya.Grains.Sessions;

namespace Hawiya.Grains.Tests.Sessions;

/// <summary>The card side of a login session: pairing, the nonce, and who may pass with which card.</summary>
[Collection(ClusterCollection.Name)]
public sealed class AuthSessionCardTests(ClusterFixture fixture)
{
    [Fact]
    public async Task PassCardAsync_ProofForTheNonceOfTheIdentifiedHolder_ReachesHighAndKeepsAttributesInMemoryOnce()
    {
        var holder = await CardholderAsync();
        var (session, request) = await PairedAsync(holder);

        var passed = await session.PassCardAsync(Proof(request, holder));
        var attributes = await session.TakeCardAttributesAsync();
        var again = await session.TakeCardAttributesAsync();

        Assert.True(passed.Succeeded);
        Assert.Equal(LevelOfAssurance.High, passed.Session.Authentication?.Level);
        Assert.Equal("Amina", attributes["given_name"]);
        Assert.Empty(again);
    }

    [Fact]
    public async Task PassCardAsync_CardOfAnotherCitizen_FailsTheAttemptAsWrongHolder()
    {
        var identified = await CardholderAsync();
        var other = await CardholderAsync();
        var (session, request) = await PairedAsync(identified);

        var passed = await session.PassCardAsync(Proof(request, other));
        var card = await session.GetCardAsync();

        Assert.False(passed.Succeeded);
        Assert.Equal(CardLoginFailure.WrongHolder, card.Failure);
        Assert.Null(passed.Session.Authentication);
    }

    [Fact]
    public async Task PassCardAsync_OtherNonce_IsRefused()
    {
        var holder = await CardholderAsync();
        var (session, request) = await PairedAsync(holder);

        var passed = await session.PassCardAsync(Proof(request, holder) with { Nonce = new byte[32] });

        Assert.Equal(ChallengeError.NoChallenge, passed.Error);
    }

    [Fact]
    public async Task PairReaderAsync_CodeClaimedTwice_OnlyTheFirstReaderGetsTheNonce()
    {
        var holder = await CardholderAsync();
        var session = await StartedAsync(holder);
        var code = (await session.GetCardAsync()).PairingCode!;

        var first = await fixture.Grains.GetGrain<ICardPairingGrain>(code).ClaimAsync();
        var second = await fixture.Grains.GetGrain<ICardPairingGrain>(code).ClaimAsync();

        Assert.Equal(session.GetPrimaryKeyString(), first);
        Assert.Null(second);
    }

    [Fact]
    public async Task GetCardAsync_NoReaderWithinTheLifetime_SaysExpiredAndPairingFails()
    {
        var holder = await CardholderAsync();
        var session = await StartedAsync(holder);
        var code = (await session.GetCardAsync()).PairingCode!;

        ClusterFixture.Time.Advance(AuthSessionGrain.CardChallengeLifetime + TimeSpan.FromSeconds(1));
        var card = await session.GetCardAsync();
        var request = await session.PairReaderAsync(code, "late-reader");

        Assert.Equal(CardLoginStage.Failed, card.Stage);
        Assert.Equal(CardLoginFailure.Expired, card.Failure);
        Assert.Null(request);
    }

    [Fact]
    public async Task FailCardAsync_ReaderGone_LaterProofIsRefused()
    {
        var holder = await CardholderAsync();
        var (session, request) = await PairedAsync(holder);

        await session.FailCardAsync(CardLoginFailure.ReaderDisconnected, 0);
        var passed = await session.PassCardAsync(Proof(request, holder));

        Assert.False(passed.Succeeded);
        Assert.Equal(CardLoginFailure.ReaderDisconnected, (await session.GetCardAsync()).Failure);
    }

    private async Task<string> CardholderAsync()
    {
        var key = fixture.Keys.Citizen(ClusterFixture.NewNationalNumber());
        var citizen = fixture.Grains.GetGrain<ICitizenGrain>(key);
        await citizen.RegisterAsync();
        await citizen.ActivateAsync();
        await citizen.EnrollMethodAsync(AuthMethod.CardPin);
        return key;
    }

    private async Task<IAuthSessionCardGrain> StartedAsync(string citizenKey)
    {
        var sessionId = "s-" + Guid.NewGuid().ToString("N")[..22];
        var session = fixture.Grains.GetGrain<IAuthSessionGrain>(sessionId);
        await session.BeginAsync(new SessionStart
        {
            ClientId = "card-portal",
            RequiredLevel = LevelOfAssurance.High,
            Scopes = ["openid", "profile"],
            AllowedMethods = [AuthMethod.CardPin],
            Sector = "card.example.ma",
        });
        await session.IdentifyAsync(citizenKey);
        var card = fixture.Grains.GetGrain<IAuthSessionCardGrain>(sessionId);
        var started = await card.StartCardAsync(AuthMethod.CardPin);
        Assert.Equal(CardLoginStage.AwaitingReader, started.Stage);
        return card;
    }

    private async Task<(IAuthSessionCardGrain Session, CardSigningRequest Request)> PairedAsync(string citizenKey)
    {
        var session = await StartedAsync(citizenKey);
        var code = (await session.GetCardAsync()).PairingCode!;
        var request = await session.PairReaderAsync(code, "counter-01");
        Assert.NotNull(request);
        return (session, request);
    }

    private static CardProof Proof(CardSigningRequest request, string holderKey) => new()
    {
        Method = request.Method,
        Nonce = request.Nonce,
        HolderKey = holderKey,
        Attributes = new() { ["given_name"] = "Amina" },
    };
}
