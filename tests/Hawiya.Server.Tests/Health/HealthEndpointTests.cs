using System.Net;
using System.Text.Json;
using Hawiya.Server.Health;
using Hawiya.Server.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace Hawiya.Server.Tests.Health;

[Collection(ServerCollection.Name)]
public sealed class HealthEndpointTests(ServerFactory server)
{
    [Fact]
    public async Task Live_RunningServer_Is200()
    {
        var response = await server.CreateClient().GetAsync("/health/live");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Ready_DatabaseUpAndSiloActive_Is200WithEachCheck()
    {
        var response = await server.CreateClient().GetAsync("/health/ready");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var checks = body.RootElement.GetProperty("checks");
        Assert.Equal("Healthy", checks.GetProperty("database").GetProperty("status").GetString());
        Assert.Equal("Healthy", checks.GetProperty("silo").GetProperty("status").GetString());
    }

    [Fact]
    public async Task DatabaseCheck_UnreachableDatabase_IsUnhealthyAndOpensTheStorageCircuit()
    {
        var unreachable = $"Host=127.0.0.1;Port={TestDatabase.FreePort()};Database=none;Username=none;Password=none;Timeout=2";
        await using var dataSource = NpgsqlDataSource.Create(unreachable);
        var circuit = new StorageCircuit(NullLogger<StorageCircuit>.Instance);
        var check = new DatabaseHealthCheck(dataSource, circuit);

        var result = await check.CheckHealthAsync(new HealthCheckContext());

        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.True(circuit.IsOpen);
    }

    [Fact]
    public async Task DrainCheck_SiloStopping_IsUnhealthySoTheBalancerTakesItOut()
    {
        var drain = new SiloDrain(Options.Create(new DrainSettings { Delay = TimeSpan.Zero }), NullLogger<SiloDrain>.Instance);
        var check = new DrainHealthCheck(drain);
        Assert.Equal(HealthStatus.Healthy, (await check.CheckHealthAsync(new HealthCheckContext())).Status);

        await drain.StoppingAsync(CancellationToken.None);

        Assert.Equal(HealthStatus.Unhealthy, (await check.CheckHealthAsync(new HealthCheckContext())).Status);
    }
}
