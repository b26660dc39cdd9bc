using Npgsql;

namespace Hawiya.Server.Oidc.Keys;

/// <summary>
/// Key material every silo must agree on, in PostgreSQL (<c>hawiya_key</c>). The first
/// silo to store a key wins; the others read what it stored, so a cluster starting at
/// once still ends up with one key ring.
/// </summary>
public sealed class SharedKeyTable(NpgsqlDataSource dataSource)
{
    public string GetOrAdd(string purpose, string keyId, Func<string> create)
    {
        using (var insert = dataSource.CreateCommand(
            "INSERT INTO hawiya_key (purpose, key_id, material) VALUES (@purpose, @id, @material) ON CONFLICT DO NOTHING"))
        {
            insert.Parameters.AddWithValue("purpose", purpose);
            insert.Parameters.AddWithValue("id", keyId);
            insert.Parameters.AddWithValue("material", create());
            insert.ExecuteNonQuery();
        }

        using var select = dataSource.CreateCommand("SELECT material FROM hawiya_key WHERE purpose = @purpose AND key_id = @id");
        select.Parameters.AddWithValue("purpose", purpose);
        select.Parameters.AddWithValue("id", keyId);
        return (string)select.ExecuteScalar()!;
    }

    public IReadOnlyList<(string KeyId, string Material)> List(string purpose)
    {
        using var select = dataSource.CreateCommand("SELECT key_id, material FROM hawiya_key WHERE purpose = @purpose ORDER BY created_at, key_id");
        select.Parameters.AddWithValue("purpose", purpose);
        using var reader = select.ExecuteReader();
        var keys = new List<(string, string)>();
        while (reader.Read())
        {
            keys.Add((reader.GetString(0), reader.GetString(1)));
        }

        return keys;
    }

    public void Add(string purpose, string keyId, string material)
    {
        using var insert = dataSource.CreateCommand(
            "INSERT INTO hawiya_key (purpose, key_id, material) VALUES (@purpose, @id, @material) ON CONFLICT (purpose, key_id) DO UPDATE SET material = EXCLUDED.material");
        insert.Parameters.AddWithValue("purpose", purpose);
        insert.Parameters.AddWithValue("id", keyId);
        insert.Parameters.AddWithValue("material", material);
        insert.ExecuteNonQuery();
    }
}
