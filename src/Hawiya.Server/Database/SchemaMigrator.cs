using System.Reflection;
using Npgsql;

namespace Hawiya.Server.Database;

/// <summary>
/// Applies the SQL files of <c>infra/db</c> (embedded in this assembly) in name order.
/// Every file is idempotent; a transaction-scoped advisory lock keeps several silos
/// starting together from applying them at the same time.
/// </summary>
public static class SchemaMigrator
{
    private const string ResourcePrefix = "Hawiya.Schema.";
    // Any constant works; it only has to be the same for every silo of every version.
    private const long AdvisoryLockKey = 0x4861_7769_7961;

    public static IReadOnlyList<string> ScriptNames { get; } = typeof(SchemaMigrator).Assembly
        .GetManifestResourceNames()
        .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal))
        .Order(StringComparer.Ordinal)
        .ToArray();

    public static async Task ApplyAsync(string connectionString, CancellationToken cancellationToken = default)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var lockCommand = new NpgsqlCommand("SELECT pg_advisory_xact_lock(@key)", connection, transaction))
        {
            lockCommand.Parameters.AddWithValue("key", AdvisoryLockKey);
            await lockCommand.ExecuteNonQueryAsync(cancellationToken);
        }

        foreach (var name in ScriptNames)
        {
            await using var command = new NpgsqlCommand(ReadScript(name), connection, transaction);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    private static string ReadScript(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"Schema script {name} is missing from the build.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
