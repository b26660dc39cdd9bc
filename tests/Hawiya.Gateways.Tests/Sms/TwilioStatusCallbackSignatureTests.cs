using Hawiya.Gateways.Sms;
using Hawiya.Gateways.Tests.Fakes;

namespace Hawiya.Gateways.Tests.Sms;

/// <summary>
/// Uses the example of Twilio's webhook-security documentation and helper-library tests:
/// auth token 12345, URL https://mycompany.com/myapp.php?foo=1&amp;bar=2 and the parameters below
/// sign to RSOYDt4T1cUTdK1PDd93/VVr8B8=.
/// </summary>
public sealed class TwilioStatusCallbackSignatureTests
{
    private const string AuthToken = "12345";
    private const string Url = "https://mycompany.com/myapp.php?foo=1&bar=2";
    private const string DocumentedSignature = "RSOYDt4T1cUTdK1PDd93/VVr8B8=";

    // Deliberately not in alphabetical order: the signature sorts.
    private static Dictionary<string, string> Parameters() => new()
    {
        ["CallSid"] = "CA1234567890ABCDE",
        ["From"] = "+14158675309",
        ["Digits"] = "1234",
        ["To"] = "+18005551212",
        ["Caller"] = "+14158675309",
    };

    private static bool IsSigned(string url, IDictionary<string, string> parameters, string? signature, string authToken = AuthToken) =>
        TwilioStatusCallbackEndpoint.IsSignedByTwilio(authToken, url, parameters, signature);

    [Fact]
    public void Sign_DocumentedExample_MatchesDocumentedSignature() =>
        Assert.Equal(DocumentedSignature, FakeTwilioServer.Sign(AuthToken, Url, Parameters()));

    [Fact]
    public void IsSignedByTwilio_DocumentedExample_ReturnsTrue() =>
        Assert.True(IsSigned(Url, Parameters(), DocumentedSignature));

    [Fact]
    public void IsSignedByTwilio_AlteredSignature_ReturnsFalse() =>
        Assert.False(IsSigned(Url, Parameters(), "NOT" + DocumentedSignature));

    [Fact]
    public void IsSignedByTwilio_TamperedParameter_ReturnsFalse()
    {
        var tampered = Parameters();
        tampered["Digits"] = "9999";

        Assert.False(IsSigned(Url, tampered, DocumentedSignature));
    }

    [Fact]
    public void IsSignedByTwilio_DifferentUrl_ReturnsFalse() =>
        Assert.False(IsSigned("https://mycompany.com/myapp.php?foo=1&bar=3", Parameters(), DocumentedSignature));

    [Fact]
    public void IsSignedByTwilio_WrongAuthToken_ReturnsFalse() =>
        Assert.False(IsSigned(Url, Parameters(), DocumentedSignature, authToken: "54321"));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void IsSignedByTwilio_MissingSignature_ReturnsFalse(string? signature) =>
        Assert.False(IsSigned(Url, Parameters(), signature));

    [Fact]
    public void IsSignedByTwilio_UrlWithExplicitDefaultPort_AcceptsSignatureOfUrlWithoutPort() =>
        Assert.True(IsSigned("https://mycompany.com:443/myapp.php?foo=1&bar=2", Parameters(), DocumentedSignature));

    [Fact]
    public void IsSignedByTwilio_SignatureOfUrlWithPort_AcceptedForUrlWithoutPort()
    {
        var signedWithPort = FakeTwilioServer.Sign(AuthToken, "https://mycompany.com:443/myapp.php?foo=1&bar=2", Parameters());

        Assert.True(IsSigned(Url, Parameters(), signedWithPort));
    }
}
