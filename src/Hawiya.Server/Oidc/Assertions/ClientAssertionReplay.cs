using System.Security.Cryptography;
using System.Text;
using Npgsql;

namespace Hawiya.Server.Oidc.Assertions;

/// <summary>
/// The <c>jti</c> of every client assertion accepted, in PostgreSQL (<c>hawiya_client_assertion</c>),
/// until the assertion expires: RFC 7523 §3 item 7 lets the server keep them "for the length of
/// time for which the JWT would be considered valid", and OIDC Core §9 says a <c>jti</c> is used once.
/// </summary>
/// <remarks>
/// SECURITY: one insert per assertion, decided by the primary key, so a replay is refused whichever
/// silo receives it and however close together the two copies arrive. A row whose assertion has
/// expired may be taken again: an expired assertion is refused before it reaches this check, so
/// only a new assertion with a new <c>exp</c> can reuse the value. Expired rows are deleted now and
/// then by the silo that next records one.
/// </remarks>
public sealed partial class ClientAssertionReplay(NpgsqlDataSource database, TimeProvider time, ILogger<ClientAssertionReplay> logger)
{
    private const string RecordSql = """
        INSERT INTO hawiya_client_assertion (client_id, jti_digest, expires_at) VALUES (@client, @jti, @expires)
        ON CONFLICT (client_id, jti_digest) DO UPDATE SET expires_at = EXCLUDED.expires_at
        WHERE hawiya_client_assertion.expires_at < @now
        """;

    private const string PurgeSql = """
        DELETE FROM hawiya_client_assertion
        WHERE ctid IN (SELECT ctid FROM hawiya_client_assertion WHERE expires_at < @now LIMIT 500)
        """;

    private static readonly TimeSpan PurgeInterval = TimeSpan.FromMinutes(1);

    private long _nextPurge;

    /// <summary>True the first time (client, jti) is seen while unexpired; false for a replay.</summary>
    public async Task<bool> TryRecordAsync(string clientId, string jti, DateTimeOffset expiresAt, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        await using var command = database.CreateCommand(RecordSql);
        command.Parameters.AddWithValue("client", clientId);
        command.Parameters.AddWithValue("jti", Digest(jti));
        command.Parameters.AddWithValue("expires", expiresAt.UtcDateTime);
        command.Parameters.AddWithValue("now", now.UtcDateTime);
        var first = await command.ExecuteNonQueryAsync(cancellationToken) == 1;
        if (!first)
        {
            LogReplay(logger, clientId);
        }

        await PurgeNowAndThenAsync(now, cancellationToken);
        return first;
    }

    private async Task PurgeNowAndThenAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var due = Interlocked.Read(ref _nextPurge);
        if (now.UtcTicks < due || Interlocked.CompareExchange(ref _nextPurge, (now + PurgeInterval).UtcTicks, due) != due)
        {
            return;
        }

        await using var purge = database.CreateCommand(PurgeSql);
        purge.Parameters.AddWithValue("now", now.UtcDateTime);
        await purge.ExecuteNonQueryAsync(cancellationToken);
    }

    private static string Digest(string jti) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(jti)));

    [LoggerMessage(Level = LogLevel.Warning, Message = "A client assertion of {ClientId} was presented again and refused")]
    private static partial void LogReplay(ILogger logger, string clientId);
}
