using Hawiya.Pki.Cards;
using Hawiya.Pki.Readers;
using Hawiya.Pki.Tests.Support;

namespace Hawiya.Pki.Tests.Cards;

public sealed class CardAuthenticityTests(PkiFixture fixture) : IClassFixture<PkiFixture>
{
    private CardAuthenticity Authenticity => new(fixture.Hierarchy.Root.Certificate, fixture.Hierarchy.CardCa.Certificate, fixture.Time);

    [Fact]
    public void Verify_PersonalisedCard_ReturnsItsIdentityAndSerial()
    {
        var card = fixture.NewCard();

        var authentic = Authenticity.Verify(card.Certificate, card.Identity);

        Assert.Equal(card.CardNumber, authentic.Identity.CardNumber);
        Assert.Equal(authentic.Certificate.SerialNumber.ToString(16), authentic.Serial);
    }

    [Fact]
    public void Verify_IdentityOfAnotherCard_IsRefused()
    {
        var card = fixture.NewCard();
        var other = fixture.NewCard();

        var refused = Assert.Throws<CardAuthenticityException>(() => Authenticity.Verify(card.Certificate, other.Identity));

        Assert.Contains("another card", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_ReaderCredentialPresentedAsACard_IsRefused()
    {
        var card = fixture.NewCard();
        var reader = new ReaderCredentialIssuer(fixture.Hierarchy, fixture.Time).IssueWithNewKey("counter-01");

        Assert.Throws<CardAuthenticityException>(() => Authenticity.Verify(reader.Certificate.GetEncoded(), card.Identity));
    }
}
