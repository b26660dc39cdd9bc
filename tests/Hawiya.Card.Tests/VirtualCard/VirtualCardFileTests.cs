using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Hawiya.VirtualCard.CardFiles;

namespace Hawiya.Card.Tests.VirtualCard;

public sealed class VirtualCardFileTests
{
    [Fact]
    public void Parse_SavedJson_RoundTripsEveryField()
    {
        var card = DevelopmentCardFile.Create(withPhoto: true);

        var parsed = VirtualCardFile.Parse(card.ToJson());

        Assert.Equal(card.CardNumber, parsed.CardNumber);
        Assert.Equal(card.Identity, parsed.Identity);
        Assert.Equal(card.Certificate, parsed.Certificate);
        Assert.Equal(card.PrivateKey, parsed.PrivateKey);
        Assert.Equal(card.Fingerprint, parsed.Fingerprint);
        Assert.Equal(card.Photo, parsed.Photo);
        Assert.Equal((card.Pin, card.Puk), (parsed.Pin, parsed.Puk));
    }

    [Fact]
    public void Parse_CamelCaseBase64Fields_AsThePkiToolWritesThem()
    {
        var json = JsonNode.Parse(DevelopmentCardFile.Create().ToJson())!.AsObject();

        Assert.True(json.ContainsKey("nationalNumber"));
        Assert.Equal(Convert.ToBase64String(Convert.FromBase64String(json["privateKey"]!.GetValue<string>())), json["privateKey"]!.GetValue<string>());
    }

    [Fact]
    public void Parse_KeyOfAnotherCertificate_ThrowsNamingCertificate()
    {
        var card = DevelopmentCardFile.Create();
        using var otherKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var mismatched = card with { PrivateKey = otherKey.ExportPkcs8PrivateKey() };

        var error = Assert.Throws<InvalidDataException>(() => VirtualCardFile.Parse(mismatched.ToJson()));

        Assert.Contains("'certificate'", error.Message);
    }

    [Fact]
    public void Parse_RsaKey_ThrowsNamingPrivateKey()
    {
        using var rsa = RSA.Create(2048);
        var card = DevelopmentCardFile.Create() with { PrivateKey = rsa.ExportPkcs8PrivateKey() };

        var error = Assert.Throws<InvalidDataException>(() => VirtualCardFile.Parse(card.ToJson()));

        Assert.Contains("'privateKey'", error.Message);
    }

    [Theory]
    [InlineData("123", "12345678", "'pin'")]
    [InlineData("1234", "1234567", "'puk'")]
    public void Parse_BadSecrets_ThrowsNamingField(string pin, string puk, string field)
    {
        var card = DevelopmentCardFile.Create() with { Pin = pin, Puk = puk };

        var error = Assert.Throws<InvalidDataException>(() => VirtualCardFile.Parse(card.ToJson()));

        Assert.Contains(field, error.Message);
    }

    [Fact]
    public void Parse_MissingField_ThrowsInvalidData()
    {
        var json = JsonNode.Parse(DevelopmentCardFile.Create().ToJson())!.AsObject();
        json.Remove("fingerprint");

        Assert.Throws<InvalidDataException>(() => VirtualCardFile.Parse(json.ToJsonString()));
    }
}
