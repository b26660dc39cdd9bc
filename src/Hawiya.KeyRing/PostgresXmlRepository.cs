using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Npgsql;

namespace Hawiya.KeyRing;

/// <summary>
/// The key ring in PostgreSQL (<c>hawiya_app_key_ring</c>), one set of rows per application name, so
/// every instance of an app reads the keys any of them created. Each key's secret arrives here
/// wrapped (<see cref="AesGcmXmlEncryptor"/>).
/// </summary>
internal sealed class PostgresXmlRepository : IXmlRepository, IDisposable
{
    internal const string Table = "hawiya_app_key_ring";

    // Instances starting together all run this: the advisory lock makes the creation one at a time
    // (CREATE TABLE IF NOT EXISTS alone can still collide on the catalogue).
    private const string CreateTable = $"""
        SELECT pg_advisory_xact_lock(hashtext('{Table}'));
        CREATE TABLE IF NOT EXISTS {Table}
        (
            application varchar(128) NOT NULL,
            name        varchar(128) NOT NULL,
            xml         text         NOT NULL,
            created_at  timestamptz  NOT NULL DEFAULT now(),
            CONSTRAINT {Table}_pkey PRIMARY KEY (application, name)
        );
        """;

    private readonly NpgsqlDataSource _dataSource;
    private readonly string _application;
    private bool _created;

    public PostgresXmlRepository(string connectionString, string application)
    {
        _dataSource = NpgsqlDataSource.Create(connectionString);
        _application = application;
    }

    public IReadOnlyCollection<XElement> GetAllElements()
    {
        EnsureTable();
        using var select = _dataSource.CreateCommand($"SELECT xml FROM {Table} WHERE application = @application ORDER BY created_at, name");
        select.Parameters.AddWithValue("application", _application);
        using var reader = select.ExecuteReader();
        var elements = new List<XElement>();
        while (reader.Read())
        {
            elements.Add(XElement.Parse(reader.GetString(0)));
        }

        return elements;
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        EnsureTable();
        // Data Protection names each key by its own random id: a name never comes back twice.
        using var insert = _dataSource.CreateCommand($"INSERT INTO {Table} (application, name, xml) VALUES (@application, @name, @xml)");
        insert.Parameters.AddWithValue("application", _application);
        insert.Parameters.AddWithValue("name", friendlyName);
        insert.Parameters.AddWithValue("xml", element.ToString(SaveOptions.DisableFormatting));
        insert.ExecuteNonQuery();
    }

    public void Dispose() => _dataSource.Dispose();

    private void EnsureTable()
    {
        if (_created)
        {
            return;
        }

        using var connection = _dataSource.OpenConnection();
        using var transaction = connection.BeginTransaction();
        using (var create = new NpgsqlCommand(CreateTable, connection, transaction))
        {
            create.ExecuteNonQuery();
        }

        transaction.Commit();
        _created = true;
    }
}
