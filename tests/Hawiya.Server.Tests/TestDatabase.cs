using System.Net;
using System.Net.Sockets;
using Hawiya.Server.Database;

namespace Hawiya.Server.Tests;

/// <summary>The real PostgreSQL these tests run against (started by infra/test.sh).</summary>
public static class TestDatabase
{
    public static string ConnectionString { get; } =
        Environment.GetEnvironmentVariable("HAWIYA_TEST_DB")
        ?? "Host=127.0.0.1;Port=5432;Database=hawiya_test;Username=hawiya;Password=DEV-ONLY-hawiya";

    private static readonly Lazy<Task> Schema = new(() => SchemaMigrator.ApplyAsync(ConnectionString));

    public static Task EnsureSchemaAsync() => Schema.Value;

    /// <summary>A cluster id no other test uses, so tests never see each other's silos or grains.</summary>
    public static string NewClusterId() => "test-" + Guid.NewGuid().ToString("N")[..12];

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
