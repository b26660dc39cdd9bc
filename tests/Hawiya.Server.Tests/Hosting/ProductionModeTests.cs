namespace Hawiya.Server.Tests.Hosting;

public sealed class ProductionModeTests
{
    [Fact]
    public async Task StartAsync_ProductionWithDevelopmentDatabasePassword_RefusesToStart()
    {
        var error = await StartInProductionAsync(TestDatabase.ConnectionString);

        Assert.Contains("ConnectionString holds a development password", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartAsync_ProductionWithDevelopmentSecrets_RefusesToStartAndNamesEach()
    {
        var error = await StartInProductionAsync("Host=db.internal;Database=hawiya;Username=hawiya;Password=from-vault");

        Assert.Contains("PseudonymKey is a development default", error, StringComparison.Ordinal);
        Assert.Contains("OperatorToken is a development default", error, StringComparison.Ordinal);
    }

    private static async Task<string> StartInProductionAsync(string connectionString)
    {
        var clusterId = TestDatabase.NewClusterId();
        var settings = SiloHost.Settings(clusterId, clusterId);
        settings["Hawiya:Database:ConnectionString"] = connectionString;

        var error = await Assert.ThrowsAnyAsync<Exception>(() => SiloHost.StartAsync(settings, "Production"));

        return error is AggregateException aggregate
            ? string.Join("\n", aggregate.Flatten().InnerExceptions.Select(e => e.Message))
            : error.Message;
    }
}
