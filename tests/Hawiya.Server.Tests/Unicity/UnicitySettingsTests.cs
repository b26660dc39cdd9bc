using Hawiya.Server.Unicity;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;

namespace Hawiya.Server.Tests.Unicity;

public sealed class UnicitySettingsTests
{
    [Fact]
    public void Validate_DevelopmentKeyOutsideDevelopment_IsRefusedByName()
    {
        var result = new UnicitySettingsValidation(new Environment("Production")).Validate(null, new UnicitySettings());

        Assert.True(result.Failed);
        Assert.Contains("Hawiya:Unicity:PseudonymKey is a development default", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_DevelopmentKeyInDevelopment_IsAccepted()
    {
        var result = new UnicitySettingsValidation(new Environment("Development")).Validate(null, new UnicitySettings());

        Assert.True(result.Succeeded);
    }

    [Theory]
    [InlineData("not base64 at all!")]
    [InlineData("c2hvcnQ=")]
    public void Validate_MalformedOrShortKey_IsRefused(string key)
    {
        var result = new UnicitySettingsValidation(new Environment("Production")).Validate(null, new UnicitySettings { PseudonymKey = key });

        Assert.True(result.Failed);
    }

    private sealed class Environment(string name) : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = name;
        public string ApplicationName { get; set; } = "Hawiya.Server";
        public string ContentRootPath { get; set; } = AppContext.BaseDirectory;
        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }
}
