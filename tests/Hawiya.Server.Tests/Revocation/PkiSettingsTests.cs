using Hawiya.Server.Revocation;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;

namespace Hawiya.Server.Tests.Revocation;

public sealed class PkiSettingsTests
{
    [Fact]
    public void Validate_DevelopmentDefaultsOutsideDevelopment_NamesBothSettings()
    {
        var result = new PkiSettingsValidation(Environment("Production")).Validate(null, new PkiSettings());

        Assert.True(result.Failed);
        Assert.Contains("Hawiya:Pki:Directory", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("Hawiya:Pki:Passphrase is a development default", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ConfiguredOutsideDevelopment_Succeeds()
    {
        var settings = new PkiSettings { Directory = "/etc/hawiya/pki", Passphrase = "a-real-passphrase-from-the-vault" };

        Assert.True(new PkiSettingsValidation(Environment("Production")).Validate(null, settings).Succeeded);
    }

    [Fact]
    public void Validate_DevelopmentDefaultsInDevelopment_Succeed()
    {
        Assert.True(new PkiSettingsValidation(Environment("Development")).Validate(null, new PkiSettings()).Succeeded);
    }

    private static IHostEnvironment Environment(string name) => new TestEnvironment { EnvironmentName = name };

    private sealed class TestEnvironment : IHostEnvironment
    {
        public required string EnvironmentName { get; set; }
        public string ApplicationName { get; set; } = "Hawiya.Server";
        public string ContentRootPath { get; set; } = Path.GetTempPath();
        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }
}
