using Hawiya.Server.Oidc;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;

namespace Hawiya.Server.Tests.Oidc;

/// <summary>The issuer is configured outside Development: never taken from a request's Host header.</summary>
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

    private static Microsoft.Extensions.Options.ValidateOptionsResult Validate(string environment, Uri? issuer) =>
        new OidcSettingsValidation(new HostingEnvironment
        {
            EnvironmentName = environment,
            ApplicationName = "Hawiya.Server",
            ContentRootPath = AppContext.BaseDirectory,
            ContentRootFileProvider = new NullFileProvider(),
        }).Validate(null, new OidcSettings { Issuer = issuer });
}
