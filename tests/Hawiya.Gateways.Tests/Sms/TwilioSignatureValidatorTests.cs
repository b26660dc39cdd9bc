using Hawiya.Gateways.Sms;

namespace Hawiya.Gateways.Tests.Sms;

/// <summary>
/// Uses the example of Twilio's webhook-security documentation and helper-library tests:
/// auth token 12345, URL https://mycompany.com/myapp.php?foo=1&amp;bar=2 and the parameters below
/// sign to RSOYDt4T1cUTdK1PDd93/VVr8B8=.
/// </summary>
public sealed class TwilioSignatureValidatorTests
{
    private const string Url = "https://mycompany.com/myapp.php?foo=1&bar=2";
    private const string DocumentedSignature = "RSOYDt4T1cUTdK1PDd93/VVr8B8=";

    private static readonly TwilioSignatureValidator Validator = new("12345");

    // Deliberately not in alphabetical order: the validator sorts.
    private static List<KeyValuePair<string, string>> Parameters() =>
    [
        new("CallSid", "CA1234567890ABCDE"),
        new("From", "+14158675309"),
        new("Digits", "1234"),
        new("To", "+18005551212"),
        new("Caller", "+14158675309"),
    ];

    [Fact]
    public void Compute_DocumentedExample_MatchesDocumentedSignature() =>
        Assert.Equal(DocumentedSignature, Validator.Compute(Url, Parameters()));

    [Fact]
    public void IsValid_DocumentedExample_ReturnsTrue() =>
        Assert.True(Validator.IsValid(Url, Parameters(), DocumentedSignature));

    [Fact]
    public void IsValid_AlteredSignature_ReturnsFalse() =>
        Assert.False(Validator.IsValid(Url, Parameters(), "NOT" + DocumentedSignature));

    [Fact]
    public void IsValid_TamperedParameter_ReturnsFalse()
    {
        var tampered = Parameters();
        tampered[2] = new("Digits", "9999");

        Assert.False(Validator.IsValid(Url, tampered, DocumentedSignature));
    }

    [Fact]
    public void IsValid_DifferentUrl_ReturnsFalse() =>
        Assert.False(Validator.IsValid("https://mycompany.com/myapp.php?foo=1&bar=3", Parameters(), DocumentedSignature));

    [Fact]
    public void IsValid_WrongAuthToken_ReturnsFalse() =>
        Assert.False(new TwilioSignatureValidator("54321").IsValid(Url, Parameters(), DocumentedSignature));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void IsValid_MissingSignature_ReturnsFalse(string? signature) =>
        Assert.False(Validator.IsValid(Url, Parameters(), signature));

    [Fact]
    public void IsValid_UrlWithExplicitDefaultPort_AcceptsSignatureOfUrlWithoutPort() =>
        Assert.True(Validator.IsValid("https://mycompany.com:443/myapp.php?foo=1&bar=2", Parameters(), DocumentedSignature));

    [Fact]
    public void IsValid_SignatureOfUrlWithPort_AcceptedForUrlWithoutPort()
    {
        var signedWithPort = Validator.Compute("https://mycompany.com:443/myapp.php?foo=1&bar=2", Parameters());

        Assert.True(Validator.IsValid(Url, Parameters(), signedWithPort));
    }
}
