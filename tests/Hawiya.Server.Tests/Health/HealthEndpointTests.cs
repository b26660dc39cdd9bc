using System.Net;
using System.Text.Json;
using Hawiya.Server.Health;
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
    public async Task DatabaseCheck_UnreachableDatabase_IsUnhealthy()
    {
        var unreachable = $"Host=127.0.0.1;Port={TestDatabase.FreePort()};Database=none;Username=none;Password=none;Timeout=2";
        await using var dataSource = NpgsqlDataSource.Create(unreachable);
        var check = new DatabaseHealthCheck(dataSource);

        var result = await check.CheckHealthAsync(new HealthCheckContext());

        Assert.Equal(HealthStatus.Unhealthy, result.Status);
    }
}
