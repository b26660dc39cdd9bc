using Hawiya.Server.Hosting;
using Npgsql;

namespace Hawiya.Server.Tests.Database;

/// <summary>The pool the silo opens: configured values kept, connections neither reset nor re-planned.</summary>
public sealed class PooledConnectionTests
{
    private static DatabaseSettings Settings(string connectionString, int maxAutoPrepare = 20) =>
        new() { ConnectionString = connectionString, MaxAutoPrepare = maxAutoPrepare };

    [Fact]
    public void PooledConnectionString_KeepsConfiguredValues_AndTunesThePool()
    {
        var pooled = new NpgsqlConnectionStringBuilder(
            Settings("Host=db.internal;Port=6432;Database=hawiya;Username=silo;Password=from-vault;Maximum Pool Size=80", 7)
                .PooledConnectionString());

        Assert.Equal("db.internal", pooled.Host);
        Assert.Equal(6432, pooled.Port);
        Assert.Equal("hawiya", pooled.Database);
        Assert.Equal("silo", pooled.Username);
        Assert.Equal("from-vault", pooled.Password);
        Assert.Equal(80, pooled.MaxPoolSize);
        Assert.True(pooled.NoResetOnClose);
        Assert.Equal(7, pooled.MaxAutoPrepare);
    }

    [Fact]
    public async Task PooledConnection_ReturnedToThePool_KeepsItsSessionAndPreparedStatements()
    {
        await TestDatabase.EnsureSchemaAsync();
        var single = new NpgsqlConnectionStringBuilder(TestDatabase.ConnectionString)
        {
            MaxPoolSize = 1,
            ApplicationName = "pooled-" + Guid.NewGuid().ToString("N")[..8],
        }.ConnectionString;
        await using var dataSource = NpgsqlDataSource.Create(Settings(single).PooledConnectionString());

        int firstBackend;
        await using (var connection = await dataSource.OpenConnectionAsync())
        {
            firstBackend = await ScalarAsync<int>(connection, "SELECT pg_backend_pid()");
            await ScalarAsync<string>(connection, "SELECT set_config('hawiya.pool_probe', 'kept', false)");
            for (var i = 0; i < 10; i++)
                await ScalarAsync<long>(connection, "SELECT count(*) FROM orleans_grain_state WHERE service_id = 'pool-probe'");
        }

        await using (var connection = await dataSource.OpenConnectionAsync())
        {
            Assert.Equal(firstBackend, await ScalarAsync<int>(connection, "SELECT pg_backend_pid()"));
            Assert.Equal("kept", await ScalarAsync<string>(connection, "SELECT current_setting('hawiya.pool_probe', true)"));
            Assert.True(await ScalarAsync<long>(connection,
                "SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE '%pool-probe%'") >= 1);
        }
    }

    private static async Task<T> ScalarAsync<T>(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }
}
