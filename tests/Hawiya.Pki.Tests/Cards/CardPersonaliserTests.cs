using System.Security.Cryptography;
using System.Text.Json;
using Hawiya.Pki.Cards;
using Hawiya.Pki.Hierarchy;
using Hawiya.Pki.Identity;
using Hawiya.Pki.Tests.Support;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.X509;

namespace Hawiya.Pki.Tests.Cards;

public sealed class CardPersonaliserTests(PkiFixture fixture) : IClassFixture<PkiFixture>
{
    [Fact]
    public void Personalise_ValidRequest_ProducesAConsistentCard()
    {
        var request = fixture.SampleRequest();

        var card = new CardPersonaliser(fixture.Hierarchy, fixture.Time).Personalise(request);

        var certificate = new X509Certificate(card.Certificate);
        new CertificateChainValidator(fixture.Hierarchy.Root.Certificate, fixture.Time)
            .Validate(certificate, [fixture.Hierarchy.CardCa.Certificate], KeyPurposeID.id_kp_clientAuth);
        using var key = ECDsa.Create();
        key.ImportPkcs8PrivateKey(card.PrivateKey, out _);
        Assert.Equal(256, key.KeySize);
        Assert.Equal(certificate.CertificateStructure.SubjectPublicKeyInfo.GetDerEncoded(), key.ExportSubjectPublicKeyInfo());

        var identity = new IdentityDocumentVerifier(fixture.Hierarchy.Root.Certificate, fixture.Time).Verify(card.Identity);
        Assert.Equal(request.CardNumber, identity.CardNumber);
        Assert.True(identity.MatchesCardKey(key.ExportSubjectPublicKeyInfo()));
        Assert.True(identity.MatchesPhoto(card.Photo));
        Assert.Equal(identity.ValidUntil.UtcDateTime, certificate.NotAfter.ToUniversalTime());
        Assert.Matches("^[0-9]{6}$", card.Pin);
        Assert.Matches("^[0-9]{8}$", card.Puk);
        Assert.Equal(32, card.Fingerprint.Length);
        Assert.Contains(request.CardNumber, certificate.SubjectDN.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("Idrissi", certificate.SubjectDN.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Personalise_TwoCards_HaveDistinctSerialsAndKeys()
    {
        var first = new X509Certificate(fixture.NewCard().Certificate);
        var second = new X509Certificate(fixture.NewCard().Certificate);

        Assert.NotEqual(first.SerialNumber, second.SerialNumber);
        Assert.NotEqual(first.GetPublicKey(), second.GetPublicKey());
    }

    [Fact]
    public void Personalise_WithOptions_WritesCrlAndOcspLocations()
    {
        var options = new CardCertificateOptions { CrlDistributionPoint = "http://pki.example/card-ca.crl", OcspUrl = "http://pki.example/ocsp" };

        var card = new CardPersonaliser(fixture.Hierarchy, fixture.Time, options).Personalise(fixture.SampleRequest());

        var certificate = new X509Certificate(card.Certificate);
        Assert.NotNull(certificate.GetExtensionValue(X509Extensions.CrlDistributionPoints));
        Assert.NotNull(certificate.GetExtensionValue(X509Extensions.AuthorityInfoAccess));
    }

    [Theory]
    [InlineData("123")]
    [InlineData("123456789")]
    [InlineData("12a4")]
    public void Personalise_InvalidPin_ThrowsArgumentException(string pin)
    {
        var request = fixture.SampleRequest() with { Pin = pin };

        Assert.Throws<ArgumentException>(() => new CardPersonaliser(fixture.Hierarchy, fixture.Time).Personalise(request));
    }

    [Fact]
    public void Personalise_PhotoLargerThanAnElementaryFile_ThrowsArgumentException()
    {
        var request = fixture.SampleRequest() with { Photo = new byte[PersonalisationRequest.MaxPhotoBytes + 1] };

        Assert.Throws<ArgumentException>(() => new CardPersonaliser(fixture.Hierarchy, fixture.Time).Personalise(request));
    }

    [Fact]
    public void Personalise_InvalidBirthCountry_ThrowsArgumentException()
    {
        var request = fixture.SampleRequest() with { Holder = PkiFixture.SampleHolder() with { BirthCountry = "Morocco" } };

        Assert.Throws<ArgumentException>(() => new CardPersonaliser(fixture.Hierarchy, fixture.Time).Personalise(request));
    }

    [Fact]
    public void ToJson_CardFile_UsesTheAgreedCamelCaseBase64Format()
    {
        var card = fixture.NewCard();

        using var json = JsonDocument.Parse(card.ToJson());

        var names = json.RootElement.EnumerateObject().Select(p => p.Name).ToArray();
        Assert.Equal(["cardNumber", "nationalNumber", "identity", "certificate", "privateKey", "pin", "puk", "fingerprint", "photo"], names);
        Assert.Equal(card.Certificate, Convert.FromBase64String(json.RootElement.GetProperty("certificate").GetString()!));
        Assert.Equal(card.PrivateKey, Convert.FromBase64String(json.RootElement.GetProperty("privateKey").GetString()!));
        Assert.Equal(card.Pin, json.RootElement.GetProperty("pin").GetString());
    }

    [Fact]
    public void FromJson_RoundTrip_RestoresEveryField()
    {
        var card = fixture.NewCard();

        var restored = CardFile.FromJson(card.ToJson());

        Assert.Equal(card.ToJson(), restored.ToJson());
    }

    [Fact]
    public void FromJson_WithoutPhoto_IsAccepted()
    {
        var card = fixture.NewCard() with { Photo = null };

        var json = card.ToJson();

        Assert.DoesNotContain("photo", json, StringComparison.Ordinal);
        Assert.Null(CardFile.FromJson(json).Photo);
    }

    [Fact]
    public void FromJson_BadPuk_ThrowsFormatException()
    {
        var json = (fixture.NewCard() with { Puk = "1234" }).ToJson();

        var error = Assert.Throws<FormatException>(() => CardFile.FromJson(json));

        Assert.Contains("puk", error.Message, StringComparison.Ordinal);
    }
}
