using System.Diagnostics;
using Hawiya.Server.Hosting;

namespace Hawiya.Server.Tests.Hosting;

public sealed class ProductionModeTests
{
    /// <summary>What a production start without its secrets is told, setting by setting.</summary>
    private static readonly string[] MissingInProduction =
    [
        "Hawiya:Secrets:PseudonymKey",
        "Hawiya:Secrets:OperatorToken",
        "Hawiya:Secrets:IdentitySealKey",
        "Hawiya:Oidc:Issuer",
        "Hawiya:Hsm:ModulePath",
        "Hawiya:Oidc:EncryptionKey",
        "Hawiya:Pki:Directory",
        "Hawiya:Pki:Passphrase",
        "Hawiya:Unicity:PseudonymKey",
        "Hawiya:Secrets:Contacts:Key",
        "Gateways:Sms:Provider",
        "Gateways:Push:Provider",
        "Gateways:Email:Provider",
    ];

    [Fact]
    public async Task Main_ProductionWithSeveralSettingsMissing_ExitsWithOneMessageNamingEachAndNoStackTrace()
    {
        var (exitCode, output) = await RunServerAsync(new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            // Never reached: the settings are checked before anything opens a connection.
            ["Hawiya__Database__ConnectionString"] = "Host=127.0.0.1;Port=1;Database=hawiya;Username=hawiya;Password=from-vault",
        });

        Assert.Equal(1, exitCode);
        Assert.StartsWith("Hawiya cannot start in the Production environment", output, StringComparison.Ordinal);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var key in MissingInProduction)
        {
            Assert.Contains(lines, line => line.StartsWith($"- {key}", StringComparison.Ordinal));
        }

        Assert.DoesNotContain(lines, line => line.StartsWith("at ", StringComparison.Ordinal));
        Assert.DoesNotContain("Exception", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartAsync_ProductionWithDevelopmentSecrets_OneExceptionListsEverySetting()
    {
        var clusterId = TestDatabase.NewClusterId();
        var settings = SiloHost.Settings(clusterId, clusterId);

        var error = await Assert.ThrowsAsync<InvalidSettingsException>(() => SiloHost.StartAsync(settings, "Production"));

        Assert.Superset(
            new HashSet<string> { "Hawiya:Database:ConnectionString", "Hawiya:Secrets:Contacts:Key", "Hawiya:Secrets:IdentitySealKey", "Hawiya:Secrets:OperatorToken", "Hawiya:Secrets:PseudonymKey" },
            error.Failures.Select(f => f.Split(' ')[0]).ToHashSet());
        Assert.Equal(error.Failures.Count + 1, error.Message.Split('\n').Length);
    }

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

    /// <summary>The server as an operator starts it: its own process, its exit code and what it wrote.</summary>
    private static async Task<(int ExitCode, string Output)> RunServerAsync(Dictionary<string, string> environment)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            // No appsettings.*.json there: only what the test sets.
            WorkingDirectory = Path.GetTempPath(),
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Hawiya.Server.dll"));
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("The server did not start.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, (await stderr + await stdout).Trim());
    }
}
