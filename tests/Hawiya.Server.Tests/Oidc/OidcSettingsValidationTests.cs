using Hawiya.Server.Oidc;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;

namespace Hawiya.Server.Tests.Oidc;

/// <summary>The issuer and the keys are configured outside Development: never taken from a request's Host header, never generated.</summary>
public sealed class OidcSettingsValidationTests
{
    [Fact]
    public void Validate_ProductionWithoutIssuer_FailsNamingTheSetting()
    {
        var result = Validate("Production", issuer: null);

        Assert.True(result.Failed);
        Assert.Contains("Hawiya:Oidc:Issuer must be set", result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://id.example.ma/")]
    [InlineData("https://id.example.ma/?tenant=1")]
    [InlineData("https://id.example.ma/#top")]
    public void Validate_ProductionWithAnIssuerThatIsNotAPlainHttpsUrl_Fails(string issuer)
    {
        var result = Validate("Production", new Uri(issuer));

        Assert.True(result.Failed);
        Assert.Contains("https URL without query or fragment", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ProductionWithAnHttpsIssuer_Succeeds() =>
        Assert.True(Validate("Production", new Uri("https://id.example.ma/")).Succeeded);

    [Fact]
    public void Validate_DevelopmentWithoutIssuer_Succeeds() =>
        Assert.True(Validate("Development", issuer: null).Succeeded);

    [Fact]
    public void Validate_ProductionWithoutKeys_NamesTheEncryptionKeyWithTheIssuer()
    {
        var result = Validate("Production", new OidcSettings());

        Assert.Equal(
            ["Hawiya:Oidc:Issuer", "Hawiya:Oidc:EncryptionKey"],
            result.Failures!.Select(f => f.Split(' ')[0]));
    }

    [Fact]
    public void Validate_ProductionWithADevelopmentEncryptionKey_RefusesIt()
    {
        var settings = Configured(new Uri("https://id.example.ma/"));
        settings.EncryptionKey = "DEV-ONLY-encryption-key";

        var result = Validate("Production", settings);

        Assert.Equal("Hawiya:Oidc:EncryptionKey", Assert.Single(result.Failures!).Split(' ')[0]);
    }

    [Fact]
    public void Validate_ProductionWithPemSigningKeys_RefusesThemForTheHsm()
    {
        var settings = Configured(new Uri("https://id.example.ma/"));
        settings.SigningKeys = [new SigningKeySettings { KeyId = "es256-1", PrivateKeyPem = "-----BEGIN PRIVATE KEY-----" }];

        var result = Validate("Production", settings);

        var failure = Assert.Single(result.Failures!);
        Assert.StartsWith("Hawiya:Oidc:SigningKeys holds private keys in configuration", failure, StringComparison.Ordinal);
        Assert.Contains("Hawiya:Hsm", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_DevelopmentWithPemSigningKeys_Succeeds()
    {
        var settings = Configured(issuer: null);
        settings.SigningKeys = [new SigningKeySettings { KeyId = "es256-1", PrivateKeyPem = "-----BEGIN PRIVATE KEY-----" }];

        Assert.True(Validate("Development", settings).Succeeded);
    }

    private static OidcSettings Configured(Uri? issuer) => new()
    {
        Issuer = issuer,
        EncryptionKey = Convert.ToBase64String(new byte[32]),
    };

    private static Microsoft.Extensions.Options.ValidateOptionsResult Validate(string environment, Uri? issuer) =>
        Validate(environment, Configured(issuer));

    private static Microsoft.Extensions.Options.ValidateOptionsResult Validate(string environment, OidcSettings settings) =>
        new OidcSettingsValidation(new HostingEnvironment
        {
            EnvironmentName = environment,
            ApplicationName = "Hawiya.Server",
            ContentRootPath = AppContext.BaseDirectory,
            ContentRootFileProvider = new NullFileProvider(),
        }).Validate(null, settings);
}
