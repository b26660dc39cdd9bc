using System.Diagnostics;
using Hawiya.Server.Tests.Oidc;
using Npgsql;

namespace Hawiya.Server.Tests.Database;

/// <summary>
/// The backup and restore of docs/operations.md, as an operator runs it: a platform on a database
/// of its own gets a citizen who logs in; infra/pg-backup.sh dumps that database, infra/pg-restore.sh
/// restores the dump into a fresh one, and a platform started on the restored database logs the
/// same citizen in with the same password and gives the provider the same pairwise subject.
/// </summary>
public sealed class BackupRestoreTests
{
    [Fact]
    public async Task Restore_DumpIntoAFreshDatabase_LogsTheSameCitizenInAgainstIt()
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var source = $"{Database.Database}_bk_{suffix}";
        var restored = $"{Database.Database}_rs_{suffix}";
        var dump = Path.Combine(Path.GetTempPath(), $"hawiya-backup-{suffix}.dump");
        try
        {
            await CreateDatabaseAsync(source);
            string number, subject;
            // The same service id on both sides, as a restored deployment keeps its own: grain
            // state is stored under it.
            var serviceId = TestDatabase.NewClusterId();
            await using (var before = new DatabaseServer(source, serviceId, seedsProviders: true))
            {
                await before.InitializeAsync();
                number = (await before.NewCitizenAsync()).Number;
                subject = await LogInAsync(before, number);
            }

            await RunAsync("infra/pg-backup.sh", source, dump);
            await RunAsync("infra/pg-restore.sh", dump, restored);
            var (again, refusal) = await TryRunAsync("infra/pg-restore.sh", dump, restored);
            Assert.NotEqual(0, again);
            Assert.Contains("a restore goes into a new database", refusal, StringComparison.Ordinal);

            // Providers, citizens, password hashes, pairwise secrets: all from the restored rows.
            await using var after = new DatabaseServer(restored, serviceId, seedsProviders: false);
            await after.InitializeAsync();
            Assert.Equal(subject, await LogInAsync(after, number));
        }
        finally
        {
            File.Delete(dump);
            await DropDatabaseAsync(source);
            await DropDatabaseAsync(restored);
        }
    }

    [Fact]
    public async Task Restore_FileThatIsNotADump_IsRefusedBeforeAnyDatabaseIsCreated()
    {
        var dump = Path.Combine(Path.GetTempPath(), $"hawiya-backup-{Guid.NewGuid():N}.dump");
        await File.WriteAllTextAsync(dump, "not a dump");
        try
        {
            var target = $"{Database.Database}_rs_{Guid.NewGuid().ToString("N")[..8]}";
            var (exitCode, output) = await TryRunAsync("infra/pg-restore.sh", dump, target);

            Assert.NotEqual(0, exitCode);
            Assert.Contains("not a pg_dump archive", output, StringComparison.Ordinal);
            Assert.False(await DatabaseExistsAsync(target));
        }
        finally
        {
            File.Delete(dump);
        }
    }

    private static NpgsqlConnectionStringBuilder Database => new(TestDatabase.ConnectionString);

    private static async Task<string> LogInAsync(OidcServer server, string number)
    {
        var (code, request, browser) = await Login.CodeAsync(server, number);
        using (browser)
        {
            using var client = new OidcClient(server);
            var (status, tokens) = await client.RedeemAsync(code, request);
            Assert.Equal(System.Net.HttpStatusCode.OK, status);
            var (_, userInfo) = await client.UserInfoAsync(tokens.GetProperty("access_token").GetString()!);
            return userInfo.GetProperty("sub").GetString()!;
        }
    }

    private static async Task RunAsync(string script, params string[] arguments)
    {
        var (exitCode, output) = await TryRunAsync(script, arguments);
        Assert.True(exitCode == 0, $"{script} failed ({exitCode}): {output}");
    }

    private static async Task<(int ExitCode, string Output)> TryRunAsync(string script, params string[] arguments)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = RepositoryRoot() };
        start.ArgumentList.Add(script);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var database = Database;
        start.Environment["PGHOST"] = database.Host;
        start.Environment["PGPORT"] = database.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["PGUSER"] = database.Username;
        start.Environment["PGPASSWORD"] = database.Password;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output + await error);
    }

    private static async Task CreateDatabaseAsync(string name)
    {
        await using var connection = new NpgsqlConnection(TestDatabase.ConnectionString);
        await connection.OpenAsync();
        await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await create.ExecuteNonQueryAsync();
    }

    private static async Task<bool> DatabaseExistsAsync(string name)
    {
        await using var connection = new NpgsqlConnection(TestDatabase.ConnectionString);
        await connection.OpenAsync();
        await using var select = new NpgsqlCommand("SELECT count(*) FROM pg_database WHERE datname = @name", connection);
        select.Parameters.AddWithValue("name", name);
        return (long)(await select.ExecuteScalarAsync())! == 1;
    }

    private static async Task DropDatabaseAsync(string name)
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(TestDatabase.ConnectionString);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Cluster.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Cluster.sln not found above " + AppContext.BaseDirectory);
    }

    /// <summary>The test server on a database of its own instead of the shared test database.</summary>
    private sealed class DatabaseServer(string database, string serviceId, bool seedsProviders) : OidcServer
    {
        protected override bool SeedsProviders => seedsProviders;

        protected override IEnumerable<KeyValuePair<string, string?>> MoreSettings() =>
        [
            new("Hawiya:Database:ConnectionString", new NpgsqlConnectionStringBuilder(TestDatabase.ConnectionString) { Database = database }.ConnectionString),
            new("Hawiya:Cluster:ServiceId", serviceId),
            new("Hawiya:Cluster:ClusterId", serviceId),
        ];
    }
}
