using Hawiya.Server.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Hawiya.Server.Tests;

/// <summary>A silo configured exactly as the server configures it, without the web front.</summary>
public sealed class SiloHost : IAsyncDisposable
{
    private SiloHost(IHost host) => Host = host;

    public IHost Host { get; }

    public IGrainFactory Grains => Host.Services.GetRequiredService<IGrainFactory>();

    public static Task<SiloHost> StartAsync(string clusterId, string serviceId) =>
        StartAsync(Settings(clusterId, serviceId), "Development");

    public static async Task<SiloHost> StartAsync(Dictionary<string, string?> settings, string environment)
    {
        await TestDatabase.EnsureSchemaAsync();
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            EnvironmentName = environment,
            DisableDefaults = true,
        });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddHawiyaSilo();
        var host = builder.Build();
        await host.StartAsync();
        return new SiloHost(host);
    }

    /// <summary>
    /// The settings of a test silo; its keys are generated in the test token under its cluster id,
    /// so no two test servers share a key.
    /// </summary>
    public static Dictionary<string, string?> Settings(string clusterId, string serviceId) => new(Hawiya.Hsm.Tests.Support.TestToken.Configuration(clusterId))
    {
        ["Hawiya:Cluster:ClusterId"] = clusterId,
        ["Hawiya:Cluster:ServiceId"] = serviceId,
        ["Hawiya:Cluster:SiloPort"] = TestDatabase.FreePort().ToString(),
        ["Hawiya:Cluster:GatewayPort"] = TestDatabase.FreePort().ToString(),
        ["Hawiya:Database:ConnectionString"] = TestDatabase.ConnectionString,
        ["Hawiya:Secrets:PseudonymKey"] = "DEV-ONLY-test-pseudonym-key",
        ["Hawiya:Secrets:OperatorToken"] = "DEV-ONLY-test-operator-token",
        ["Hawiya:Secrets:IdentitySealKey"] = "DEV-ONLY-test-identity-seal-key",
        // Cheap Argon2 costs for tests; the production defaults are OWASP's.
        ["Hawiya:Passwords:MemoryKiB"] = "8192",
        ["Hawiya:Passwords:Iterations"] = "1",
        // No balancer in front of a test server: nothing to wait for when it stops.
        ["Hawiya:Hosting:Drain:Delay"] = "00:00:00",
    };

    public async Task StopAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await Host.StopAsync(timeout.Token);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        Host.Dispose();
    }
}
