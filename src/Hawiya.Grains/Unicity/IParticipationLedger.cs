namespace Hawiya.Grains.Unicity;

/// <summary>
/// Where participations are durable: one entry per participation key, the first insert wins, and
/// each context's count moves with its inserts. The silo's implementation writes many first
/// participations per database statement (<c>PostgresParticipationLedger</c>).
/// </summary>
public interface IParticipationLedger
{
    /// <summary>
    /// Inserts the entry unless one exists for <see cref="ParticipationEntry.ParticipationKey"/>,
    /// and returns the entry that stands: this one, or the one recorded before. Returns only once
    /// the standing entry is durable (and counted, when it is this one); a failure acknowledges nothing.
    /// </summary>
    Task<ParticipationEntry> RecordAsync(ParticipationEntry entry);

    /// <summary>The entry recorded for this key, if any.</summary>
    Task<ParticipationEntry?> FindAsync(string participationKey);

    /// <summary>How many participations are recorded in this context.</summary>
    Task<long> CountAsync(string contextKey);
}

/// <summary>A recorded participation: who won it (<see cref="RequestKey"/>) and when.</summary>
public sealed record ParticipationEntry(string ParticipationKey, string ContextKey, string RequestKey, DateTimeOffset RecordedAt)
{
    /// <summary>Column sizes of <c>hawiya_participation</c> (<c>infra/db/020_hawiya_participation.sql</c>).</summary>
    public const int MaxParticipationKeyLength = 64;
    public const int MaxContextKeyLength = 200;
    public const int MaxRequestKeyLength = 256;

    /// <summary>Throws when a field is empty or longer than its column: nothing is truncated.</summary>
    public void Validate()
    {
        Check(ParticipationKey, MaxParticipationKeyLength, nameof(ParticipationKey));
        Check(ContextKey, MaxContextKeyLength, nameof(ContextKey));
        Check(RequestKey, MaxRequestKeyLength, nameof(RequestKey));
    }

    private static void Check(string value, int max, string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(value, name);
        if (value.Length > max)
        {
            throw new ArgumentException($"{name} is longer than {max} characters.", name);
        }
    }
}
