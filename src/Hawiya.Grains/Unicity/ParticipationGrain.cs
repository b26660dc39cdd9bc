using Hawiya.Contracts.Unicity;
using Microsoft.Extensions.DependencyInjection;

namespace Hawiya.Grains.Unicity;

/// <summary>
/// Called after a first participation is durable and before it is answered. Operations use none;
/// tests use it to lose the answer after the write, as a silo dying at that instant would.
/// </summary>
public interface IParticipationWriteObserver
{
    Task RecordedAsync(string participationKey);
}

/// <summary>
/// One citizen in one poll. The ledger holds the participation (its insert is what makes a first
/// participation exactly once, across activations and silos); the activation keeps the standing
/// entry once known, so repeats cost no database call. Nothing is read at activation: the first
/// call's insert also finds an entry recorded before.
/// </summary>
/// <remarks>
/// Collected after two idle minutes, not Orleans' default quarter of an hour: a national poll
/// activates one grain per voter and most never vote again, so at 2,400 first votes a second the
/// default would keep two million idle activations per silo. A repeat after that costs one
/// (grouped) insert attempt, which finds the row.
/// </remarks>
[CollectionAgeLimit(Minutes = 2)]
public sealed class ParticipationGrain(
    IParticipationLedger ledger,
    IServiceProvider services,
    TimeProvider time) : Grain, IParticipationGrain
{
    /// <summary>The entry that stands, once this activation has seen it durable.</summary>
    private ParticipationEntry? _recorded;

    public async Task<bool> IsRecordedAsync()
    {
        _recorded ??= await ledger.FindAsync(this.GetPrimaryKeyString());
        return _recorded is not null;
    }

    public async Task<ParticipationAnswer> ParticipateAsync(ParticipationRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrEmpty(request.RequestKey);
        ArgumentException.ThrowIfNullOrEmpty(request.ContextKey);
        if (_recorded is null)
        {
            var key = this.GetPrimaryKeyString();
            var standing = await ledger.RecordAsync(new ParticipationEntry(key, request.ContextKey, request.RequestKey, time.GetUtcNow()));
            _recorded = standing;
            if (IsWinner(standing, request) && services.GetService<IParticipationWriteObserver>() is { } observer)
            {
                await observer.RecordedAsync(key);
            }
        }

        return new ParticipationAnswer
        {
            Status = IsWinner(_recorded, request) ? ParticipationStatus.First : ParticipationStatus.Repeat,
            RecordedAt = _recorded.RecordedAt,
        };
    }

    private static bool IsWinner(ParticipationEntry entry, ParticipationRequest request) =>
        string.Equals(entry.RequestKey, request.RequestKey, StringComparison.Ordinal);
}
