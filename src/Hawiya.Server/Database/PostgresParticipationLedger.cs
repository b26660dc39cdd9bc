using System.ComponentModel.DataAnnotations;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Hawiya.Grains.Unicity;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Hawiya.Server.Database;

/// <summary>
/// The participation ledger in PostgreSQL (<c>hawiya_participation</c>,
/// <c>hawiya_participant_count</c>), with group commit: the first participations that arrive while
/// the silo's writers are busy share the next statement. One statement inserts them all, adds the
/// inserted ones to their contexts' counts and returns every standing entry, in one transaction.
/// A quiet silo writes each participation at once; a busy one writes hundreds per commit, and a
/// caller is answered only when the statement holding its entry has committed.
/// </summary>
public sealed partial class PostgresParticipationLedger : IParticipationLedger, IDisposable
{
    public const string MeterName = "Hawiya.Unicity";
    /// <summary>One measurement per statement that writes participations (counted as a storage write).</summary>
    public const string WriteInstrument = "hawiya-participation-write-latency";
    /// <summary>One measurement per statement that only reads participations (counted as a storage read).</summary>
    public const string ReadInstrument = "hawiya-participation-read-latency";

    /// <summary>Count rows per context: concurrent statements of several silos rarely add to the same one.</summary>
    public const int CountSlots = 64;

    // Data-modifying WITH clauses all run on the statement's one snapshot: the final SELECT sees
    // the rows that stood before this statement, never the ones it inserts (those come back from
    // RETURNING), so each key appears once. Rows are inserted in key order and counts added in
    // context order, so two concurrent statements lock rows in the same order.
    private const string InsertSql = """
        WITH input AS (
            SELECT * FROM unnest(@keys, @contexts, @requests, @at) AS i(participation_key, context_key, request_key, recorded_at)
        ), inserted AS (
            INSERT INTO hawiya_participation (participation_key, context_key, request_key, recorded_at)
            SELECT participation_key, context_key, request_key, recorded_at FROM input ORDER BY participation_key
            ON CONFLICT (participation_key) DO NOTHING
            RETURNING participation_key, context_key, request_key, recorded_at
        ), counted AS (
            INSERT INTO hawiya_participant_count (context_key, slot, count)
            SELECT context_key, @slot, count(*) FROM inserted GROUP BY context_key ORDER BY context_key
            ON CONFLICT (context_key, slot) DO UPDATE SET count = hawiya_participant_count.count + EXCLUDED.count
        )
        SELECT participation_key, context_key, request_key, recorded_at FROM inserted
        UNION ALL
        SELECT participation_key, context_key, request_key, recorded_at FROM hawiya_participation WHERE participation_key = ANY(@keys)
        """;

    private const string FindSql =
        "SELECT participation_key, context_key, request_key, recorded_at FROM hawiya_participation WHERE participation_key = ANY(@keys)";

    private const string CountSql = "SELECT coalesce(sum(count), 0)::bigint FROM hawiya_participant_count WHERE context_key = @context";

    /// <summary>deadlock_detected, serialization_failure: the statement wrote nothing and may run again.</summary>
    private static readonly HashSet<string> RetryableStates = [PostgresErrorCodes.DeadlockDetected, PostgresErrorCodes.SerializationFailure];

    private readonly NpgsqlDataSource _database;
    private readonly ILogger<PostgresParticipationLedger> _logger;
    private readonly int _batchSize;
    private readonly int _maxWriters;
    private readonly Meter _meter = new(MeterName);
    private readonly Histogram<double> _writes;
    private readonly Histogram<double> _reads;
    private readonly Histogram<int> _batches;

    private readonly Lock _gate = new();
    private readonly Queue<Pending> _queue = new();
    private int _writers;
    private long _insertStatements;

    public PostgresParticipationLedger(NpgsqlDataSource database, IOptions<ParticipationLedgerSettings> settings, ILogger<PostgresParticipationLedger> logger)
    {
        _database = database;
        _logger = logger;
        _batchSize = settings.Value.BatchSize;
        _maxWriters = settings.Value.Writers;
        _writes = _meter.CreateHistogram<double>(WriteInstrument, "ms", "Statements that insert participations");
        _reads = _meter.CreateHistogram<double>(ReadInstrument, "ms", "Statements that read participations");
        _batches = _meter.CreateHistogram<int>("hawiya-participation-batch-size", "{participation}", "Participations per insert statement");
    }

    /// <summary>Insert statements this ledger has run: below the participations recorded once writes group.</summary>
    public long InsertStatements => Interlocked.Read(ref _insertStatements);

    public Task<ParticipationEntry> RecordAsync(ParticipationEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        entry.Validate();
        var pending = new Pending(entry, new TaskCompletionSource<ParticipationEntry>(TaskCreationOptions.RunContinuationsAsynchronously));
        bool startWriter;
        lock (_gate)
        {
            _queue.Enqueue(pending);
            startWriter = _writers < _maxWriters;
            if (startWriter)
            {
                _writers++;
            }
        }

        if (startWriter)
        {
            _ = Task.Run(WriteUntilEmptyAsync);
        }

        return pending.Done.Task;
    }

    public async Task<ParticipationEntry?> FindAsync(string participationKey)
    {
        ArgumentException.ThrowIfNullOrEmpty(participationKey);
        var found = await ReadAsync([participationKey]);
        return found.GetValueOrDefault(participationKey);
    }

    public async Task<long> CountAsync(string contextKey)
    {
        ArgumentException.ThrowIfNullOrEmpty(contextKey);
        var started = Stopwatch.GetTimestamp();
        await using var command = _database.CreateCommand(CountSql);
        command.Parameters.AddWithValue("context", contextKey);
        var count = (long)(await command.ExecuteScalarAsync())!;
        _reads.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        return count;
    }

    public void Dispose() => _meter.Dispose();

    /// <summary>One writer: takes what is queued, writes it, and again until the queue is empty.</summary>
    private async Task WriteUntilEmptyAsync()
    {
        while (true)
        {
            List<Pending> batch;
            lock (_gate)
            {
                if (_queue.Count == 0)
                {
                    _writers--;
                    return;
                }

                batch = new List<Pending>(Math.Min(_queue.Count, _batchSize));
                while (batch.Count < _batchSize && _queue.TryDequeue(out var next))
                {
                    batch.Add(next);
                }
            }

            await WriteAsync(batch);
        }
    }

    /// <summary>Answers every caller of the batch: the standing entry, or the failure (nothing acknowledged).</summary>
    private async Task WriteAsync(List<Pending> batch)
    {
        try
        {
            var standing = await InsertAsync(batch);
            var missing = batch.Select(p => p.Entry.ParticipationKey).Where(key => !standing.ContainsKey(key)).Distinct().ToArray();
            if (missing.Length > 0)
            {
                // Inserted by another silo's statement that committed after this one's snapshot
                // was taken: a new statement sees it.
                foreach (var (key, entry) in await ReadAsync(missing))
                {
                    standing[key] = entry;
                }
            }

            foreach (var pending in batch)
            {
                if (standing.TryGetValue(pending.Entry.ParticipationKey, out var entry))
                {
                    pending.Done.TrySetResult(entry);
                }
                else
                {
                    pending.Done.TrySetException(new InvalidOperationException("The participation was neither inserted nor found."));
                }
            }
        }
        catch (Exception e)
        {
            LogWriteFailed(e, batch.Count);
            foreach (var pending in batch)
            {
                pending.Done.TrySetException(e);
            }
        }
    }

    private async Task<Dictionary<string, ParticipationEntry>> InsertAsync(List<Pending> batch)
    {
        // One row per key, in key order; a key queued twice gets the standing entry like any other.
        var rows = batch.Select(p => p.Entry).DistinctBy(e => e.ParticipationKey).OrderBy(e => e.ParticipationKey, StringComparer.Ordinal).ToArray();
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var started = Stopwatch.GetTimestamp();
                await using var command = _database.CreateCommand(InsertSql);
                command.Parameters.AddWithValue("keys", rows.Select(e => e.ParticipationKey).ToArray());
                command.Parameters.AddWithValue("contexts", rows.Select(e => e.ContextKey).ToArray());
                command.Parameters.AddWithValue("requests", rows.Select(e => e.RequestKey).ToArray());
                command.Parameters.AddWithValue("at", rows.Select(e => e.RecordedAt.UtcDateTime).ToArray());
                command.Parameters.AddWithValue("slot", (short)Random.Shared.Next(CountSlots));
                var standing = await ReadEntriesAsync(command);
                _writes.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                _batches.Record(rows.Length);
                Interlocked.Increment(ref _insertStatements);
                return standing;
            }
            catch (PostgresException e) when (RetryableStates.Contains(e.SqlState) && attempt < 3)
            {
                LogWriteRetried(e.SqlState, rows.Length);
            }
        }
    }

    private async Task<Dictionary<string, ParticipationEntry>> ReadAsync(string[] keys)
    {
        var started = Stopwatch.GetTimestamp();
        await using var command = _database.CreateCommand(FindSql);
        command.Parameters.AddWithValue("keys", keys);
        var found = await ReadEntriesAsync(command);
        _reads.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        return found;
    }

    private static async Task<Dictionary<string, ParticipationEntry>> ReadEntriesAsync(NpgsqlCommand command)
    {
        var entries = new Dictionary<string, ParticipationEntry>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var entry = new ParticipationEntry(
                reader.GetString(0),
                reader.GetString(1),
                reader.GetString(2),
                new DateTimeOffset(reader.GetFieldValue<DateTime>(3), TimeSpan.Zero));
            entries[entry.ParticipationKey] = entry;
        }

        return entries;
    }

    private sealed record Pending(ParticipationEntry Entry, TaskCompletionSource<ParticipationEntry> Done);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A participation write of {Count} entries failed; none of them is acknowledged")]
    private partial void LogWriteFailed(Exception exception, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "A participation write of {Count} entries met {SqlState} and runs again")]
    private partial void LogWriteRetried(string sqlState, int count);
}

/// <summary>The participation ledger's group commit (section <c>Hawiya:Unicity:Ledger</c>).</summary>
public sealed class ParticipationLedgerSettings
{
    public const string Section = "Hawiya:Unicity:Ledger";

    /// <summary>First participations written per database statement at most.</summary>
    [Range(1, 5000)] public int BatchSize { get; set; } = 500;

    /// <summary>
    /// Statements writing participations at once, per silo. While they are all busy, new first
    /// participations wait and share the next one. One writer groups the most (a first vote waits
    /// at most for the statement under way, a few milliseconds): at 480 first votes/s it halved
    /// the database's CPU per vote against four (docs/benchmarks.md).
    /// </summary>
    [Range(1, 64)] public int Writers { get; set; } = 1;
}
