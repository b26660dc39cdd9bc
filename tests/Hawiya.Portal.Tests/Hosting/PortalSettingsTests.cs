extern alias portal;

using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using PortalSettings = portal::Hawiya.Portal.Hosting.PortalSettings;
using PortalSettingsValidation = portal::Hawiya.Portal.Hosting.PortalSettingsValidation;

namespace Hawiya.Portal.Tests.Hosting;

public sealed class PortalSettingsTests
{
    private static IReadOnlyList<string> Failures(PortalSettings settings, string environment)
    {
        var result = new PortalSettingsValidation(new HostingEnvironment { EnvironmentName = environment }).Validate(null, settings);
        return result.Failures?.ToArray() ?? [];
    }

    [Fact]
    public void Validate_DevelopmentDefaults_InDevelopment_Pass() =>
        Assert.Empty(Failures(new PortalSettings(), Environments.Development));

    [Fact]
    public void Validate_DevelopmentDefaults_InProduction_NameTheSecretAndTheAuthority()
    {
        var failures = Failures(new PortalSettings(), Environments.Production);

        Assert.Contains(failures, f => f.Contains("Portal:ClientSecret", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("Portal:Authority must use https", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_StepUpBelowSubstantial_Fails() =>
        Assert.Contains(Failures(new PortalSettings { StepUpAcrValues = "eidas1" }, Environments.Development), f => f.Contains("StepUpAcrValues", StringComparison.Ordinal));

    [Fact]
    public void Validate_HttpsAuthorityAndRealSecret_InProduction_Pass() =>
        Assert.Empty(Failures(new PortalSettings { Authority = "https://id.example.ma", ClientSecret = "s3cr3t-from-the-vault" }, Environments.Production));
}
