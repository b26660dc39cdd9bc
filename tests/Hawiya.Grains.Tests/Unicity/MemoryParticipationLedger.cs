using System.Collections.Concurrent;
using Hawiya.Grains.Unicity;

namespace Hawiya.Grains.Tests.Unicity;

/// <summary>
/// The ledger's contract in memory, for the grain tests' memory-storage silo: the first entry per
/// key stands and is counted. The PostgreSQL ledger is tested against PostgreSQL in the server's tests.
/// </summary>
public sealed class MemoryParticipationLedger : IParticipationLedger
{
    private readonly ConcurrentDictionary<string, ParticipationEntry> _entries = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _counts = new(StringComparer.Ordinal);

    public Task<ParticipationEntry> RecordAsync(ParticipationEntry entry)
    {
        entry.Validate();
        var standing = _entries.GetOrAdd(entry.ParticipationKey, entry);
        if (ReferenceEquals(standing, entry))
        {
            _counts.AddOrUpdate(entry.ContextKey, 1, (_, count) => count + 1);
        }

        return Task.FromResult(standing);
    }

    public Task<ParticipationEntry?> FindAsync(string participationKey) =>
        Task.FromResult(_entries.GetValueOrDefault(participationKey));

    public Task<long> CountAsync(string contextKey) => Task.FromResult(_counts.GetValueOrDefault(contextKey));
}
