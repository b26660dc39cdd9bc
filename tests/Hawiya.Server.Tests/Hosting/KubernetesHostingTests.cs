using Hawiya.Server.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Orleans.Hosting.Kubernetes;

namespace Hawiya.Server.Tests.Hosting;

public sealed class KubernetesHostingTests
{
    private static readonly Dictionary<string, string> Pod = new()
    {
        [KubernetesHosting.ServiceHostVariable] = "10.96.0.1",
        [KubernetesHosting.PodNameVariable] = "hawiya-silo-7d9f-abcde",
    };

    [Fact]
    public void IsEnabled_NoSettingOutsideAPod_IsOff() =>
        Assert.False(KubernetesHosting.IsEnabled(Configuration(null), _ => null));

    [Fact]
    public void IsEnabled_NoSettingInAPodGivenItsName_IsOn() =>
        Assert.True(KubernetesHosting.IsEnabled(Configuration(null), Pod.GetValueOrDefault));

    [Fact]
    public void IsEnabled_InAPodWithoutItsName_IsOff() =>
        Assert.False(KubernetesHosting.IsEnabled(Configuration(null), name => name == KubernetesHosting.ServiceHostVariable ? "10.96.0.1" : null));

    [Theory]
    [InlineData("false")]
    [InlineData("not-a-boolean")]
    public void IsEnabled_SettingNotTrueInAPod_IsOff(string value) =>
        Assert.False(KubernetesHosting.IsEnabled(Configuration(value), Pod.GetValueOrDefault));

    [Fact]
    public void IsEnabled_SettingTrueOutsideAPod_IsOn() =>
        Assert.True(KubernetesHosting.IsEnabled(Configuration("true"), _ => null));

    [Fact]
    public void AddHawiyaSilo_KubernetesOn_RegistersOrleansKubernetesHosting()
    {
        using var host = Build(new() { [KubernetesHosting.Setting] = "true", ["Hawiya:Cluster:AdvertisedAddress"] = "10.1.2.3" });

        Assert.NotEmpty(host.Services.GetServices<IValidateOptions<KubernetesHostingOptions>>());
    }

    [Fact]
    public void AddHawiyaSilo_OnThisMachine_LeavesOrleansKubernetesHostingOut()
    {
        using var host = Build([]);

        Assert.Empty(host.Services.GetServices<IValidateOptions<KubernetesHostingOptions>>());
    }

    [Fact]
    public void SettingsCheck_KubernetesWithALoopbackAddress_NamesTheAdvertisedAddress()
    {
        using var host = Build(new() { [KubernetesHosting.Setting] = "true" });

        var invalid = Assert.Throws<InvalidSettingsException>(() => SettingsCheck.Run(host.Services, host.Services.GetRequiredService<IHostEnvironment>()));
        Assert.Contains(invalid.Failures, f => f.StartsWith("Hawiya:Cluster:AdvertisedAddress", StringComparison.Ordinal));
    }

    private static IConfiguration Configuration(string? setting) =>
        new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [KubernetesHosting.Setting] = setting }).Build();

    /// <summary>The silo's host built, not started: nothing here reaches a Kubernetes API server.</summary>
    private static IHost Build(Dictionary<string, string?> overrides)
    {
        var settings = SiloHost.Settings(TestDatabase.NewClusterId(), TestDatabase.NewClusterId());
        foreach (var (key, value) in overrides)
        {
            settings[key] = value;
        }

        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Development", DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddHawiyaSilo();
        return builder.Build();
    }
}
