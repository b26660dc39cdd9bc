using Hawiya.Grains.Unicity;
using Hawiya.Server.Database;
using Hawiya.Server.Unicity;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Hawiya.Server.Tests.Unicity;

/// <summary>The participation ledger on the real PostgreSQL: group commit, one winner per key, exact counts.</summary>
public sealed class PostgresParticipationLedgerTests : IAsyncLifetime
{
    private readonly string _context = "x-poll-site:ledger-" + Guid.NewGuid().ToString("N")[..12];
    private NpgsqlDataSource _database = null!;

    public async Task InitializeAsync()
    {
        await TestDatabase.EnsureSchemaAsync();
        _database = NpgsqlDataSource.Create(TestDatabase.ConnectionString);
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task RecordAsync_NewKey_StandsAndIsCounted()
    {
        using var ledger = Ledger(_database);
        var entry = Entry("s:session-1");

        var standing = await ledger.RecordAsync(entry);

        Assert.Equal(entry.RequestKey, standing.RequestKey);
        Assert.Equal(entry.ParticipationKey, (await ledger.FindAsync(entry.ParticipationKey))?.ParticipationKey);
        Assert.Equal(1, await ledger.CountAsync(_context));
    }

    [Fact]
    public async Task RecordAsync_KeyRecordedBefore_ReturnsTheFirstEntryAndDoesNotCountAgain()
    {
        using var ledger = Ledger(_database);
        var first = await ledger.RecordAsync(Entry("s:session-1"));

        var second = await ledger.RecordAsync(first with { RequestKey = "s:session-2", RecordedAt = first.RecordedAt.AddMinutes(5) });

        Assert.Equal("s:session-1", second.RequestKey);
        Assert.Equal(first.RecordedAt, second.RecordedAt);
        Assert.Equal(1, await ledger.CountAsync(_context));
    }

    [Fact]
    public async Task RecordAsync_ManyAtOnce_SharesStatementsAndCountsEveryone()
    {
        using var ledger = Ledger(_database, writers: 2);
        var entries = Enumerable.Range(0, 400).Select(i => Entry("s:session-" + i)).ToArray();

        var standing = await Task.WhenAll(entries.Select(ledger.RecordAsync));

        Assert.Equal(entries.Select(e => e.RequestKey), standing.Select(e => e.RequestKey));
        Assert.Equal(400, await ledger.CountAsync(_context));
        Assert.InRange(ledger.InsertStatements, 1, 100);
    }

    [Fact]
    public async Task RecordAsync_SameKeysThroughTwoSilosAtOnce_OneWinnerEachAndExactCount()
    {
        await using var otherPool = NpgsqlDataSource.Create(TestDatabase.ConnectionString);
        using var a = Ledger(_database);
        using var b = Ledger(otherPool);
        var keys = Enumerable.Range(0, 100).Select(_ => "u-" + Guid.NewGuid().ToString("N")).ToArray();

        var pairs = await Task.WhenAll(keys.Select(async key =>
        {
            var throughA = a.RecordAsync(new ParticipationEntry(key, _context, "s:a-" + key, DateTimeOffset.UtcNow));
            var throughB = b.RecordAsync(new ParticipationEntry(key, _context, "s:b-" + key, DateTimeOffset.UtcNow));
            return await Task.WhenAll(throughA, throughB);
        }));

        Assert.All(pairs, pair => Assert.Equal(pair[0], pair[1]));
        Assert.Equal(100, await a.CountAsync(_context));
    }

    [Fact]
    public async Task RecordAsync_SameKeyQueuedTwice_BothGetTheOneStandingEntry()
    {
        using var ledger = Ledger(_database, writers: 1);
        var entry = Entry("s:session-1");

        var answers = await Task.WhenAll(
            ledger.RecordAsync(Entry("s:other")),
            ledger.RecordAsync(entry),
            ledger.RecordAsync(entry with { RequestKey = "s:session-2" }));

        Assert.Equal(answers[1], answers[2]);
        Assert.Equal(2, await ledger.CountAsync(_context));
    }

    [Fact]
    public async Task RecordAsync_DatabaseUnreachable_FailsEveryCallerAndRecordsNothing()
    {
        var unreachable = new NpgsqlConnectionStringBuilder(TestDatabase.ConnectionString) { Port = TestDatabase.FreePort(), Timeout = 2 }.ConnectionString;
        await using var down = NpgsqlDataSource.Create(unreachable);
        using var ledger = Ledger(down);
        var entries = Enumerable.Range(0, 5).Select(i => Entry("s:session-" + i)).ToArray();

        var calls = entries.Select(ledger.RecordAsync).ToArray();

        foreach (var call in calls)
        {
            await Assert.ThrowsAnyAsync<NpgsqlException>(() => call);
        }

        using var up = Ledger(_database);
        Assert.Equal(0, await up.CountAsync(_context));
        Assert.Null(await up.FindAsync(entries[0].ParticipationKey));
    }

    [Theory]
    [InlineData("", "s:1")]
    [InlineData("u-key", "")]
    public async Task RecordAsync_EmptyField_IsRefusedBeforeAnyWrite(string key, string request)
    {
        using var ledger = Ledger(_database);

        await Assert.ThrowsAnyAsync<ArgumentException>(() => ledger.RecordAsync(new ParticipationEntry(key, _context, request, DateTimeOffset.UtcNow)));
    }

    [Fact]
    public async Task RecordAsync_RequestKeyLongerThanItsColumn_IsRefusedNotTruncated()
    {
        using var ledger = Ledger(_database);

        await Assert.ThrowsAsync<ArgumentException>(() => ledger.RecordAsync(Entry(new string('k', ParticipationEntry.MaxRequestKeyLength + 1))));
    }

    private ParticipationEntry Entry(string requestKey) =>
        new("u-" + Guid.NewGuid().ToString("N"), _context, requestKey, DateTimeOffset.UtcNow);

    private static PostgresParticipationLedger Ledger(NpgsqlDataSource database, int writers = 4) =>
        new(database, Options.Create(new ParticipationLedgerSettings { Writers = writers }), NullLogger<PostgresParticipationLedger>.Instance);
}
