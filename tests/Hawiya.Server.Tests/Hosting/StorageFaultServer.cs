using Hawiya.Server.Tests.Oidc;
using Npgsql;

namespace Hawiya.Server.Tests.Hosting;

/// <summary>The OIDC server reaching PostgreSQL through a relay the tests can cut.</summary>
public sealed class StorageFaultServer : OidcServer
{
    private static readonly NpgsqlConnectionStringBuilder Direct = new(TestDatabase.ConnectionString);

    public CuttableProxy Database { get; } = new(Direct.Host!, Direct.Port);

    protected override IEnumerable<KeyValuePair<string, string?>> MoreSettings() =>
    [
        // No pooled connection outlives the cut unnoticed, and a refused connect fails at once.
        new("Hawiya:Database:ConnectionString", new NpgsqlConnectionStringBuilder(TestDatabase.ConnectionString)
        {
            Host = "127.0.0.1",
            Port = Database.Port,
            Timeout = 3,
        }.ConnectionString),
    ];

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Database.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class StorageFaultCollection : ICollectionFixture<StorageFaultServer>
{
    public const string Name = "storage-fault";
}
