using System.Net;
using Hawiya.SampleProvider.Hosting;
using Hawiya.SampleProvider.Tests.Support;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;

namespace Hawiya.SampleProvider.Tests.Hosting;

public sealed class SampleProviderSettingsTests(ProviderFixture fixture) : IClassFixture<ProviderFixture>
{
    private const string IssuedSecret = "s3cret-issued-by-hawiya-to-this-client";

    [Fact]
    public void Startup_ProductionWithDevelopmentSecret_RefusesToStart()
    {
        using var factory = new SampleProviderFactory(fixture.Provider, Environments.Production, new Dictionary<string, string?>
        {
            ["SampleProvider:Authority"] = "https://hawiya.example",
        });

        var failure = Record.Exception(() => factory.CreateClient());

        Assert.NotNull(failure);
        Assert.Contains("SampleProvider:ClientSecret is the development default", failure.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Startup_ProductionWithIssuedSecretAndHttpsAuthority_Starts()
    {
        await using var factory = new SampleProviderFactory(fixture.Provider, Environments.Production, new Dictionary<string, string?>
        {
            ["SampleProvider:Authority"] = "https://hawiya.example",
            ["SampleProvider:ClientSecret"] = IssuedSecret,
        });
        using var browser = factory.CreateClient();

        using var response = await browser.GetAsync("/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public void Validate_ProductionWithHttpAuthority_Fails()
    {
        var result = Validate(Environments.Production, new SampleProviderSettings { Authority = "http://127.0.0.1:5080", ClientSecret = IssuedSecret });

        Assert.Contains(result.Failures!, f => f.StartsWith("SampleProvider:Authority must use https", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_DevelopmentWithHttpRemoteAuthority_Fails()
    {
        var result = Validate(Environments.Development, new SampleProviderSettings { Authority = "http://hawiya.example" });

        Assert.True(result.Failed);
    }

    [Fact]
    public void Validate_DevelopmentDefaults_Succeed()
    {
        var result = Validate(Environments.Development, new SampleProviderSettings());

        Assert.True(result.Succeeded);
    }

    [Theory]
    [InlineData("Scopes", "profile email", "SampleProvider:Scopes must include openid.")]
    [InlineData("SigningAlgorithms", "ES256 none", "SampleProvider:SigningAlgorithms accepts asymmetric algorithms only (e.g. ES256, RS256, PS256).")]
    [InlineData("SigningAlgorithms", "HS256", "SampleProvider:SigningAlgorithms accepts asymmetric algorithms only (e.g. ES256, RS256, PS256).")]
    [InlineData("ClientAuthenticationMethod", "private_key_jwt", "SampleProvider:ClientAuthenticationMethod must be client_secret_basic or client_secret_post.")]
    [InlineData("PostLogoutRedirectPath", "//evil.example/", "SampleProvider:PostLogoutRedirectPath must be a path on this site, starting with '/'.")]
    public void Validate_UnsafeOrBrokenSetting_NamesIt(string setting, string value, string expected)
    {
        var settings = new SampleProviderSettings();
        typeof(SampleProviderSettings).GetProperty(setting)!.SetValue(settings, value);

        var result = Validate(Environments.Development, settings);

        Assert.Contains(expected, result.Failures!);
    }

    private static Microsoft.Extensions.Options.ValidateOptionsResult Validate(string environment, SampleProviderSettings settings) =>
        new SampleProviderSettingsValidation(new HostingEnvironment { EnvironmentName = environment }).Validate(null, settings);
}
