using Hawiya.Contracts.Sessions;

namespace Hawiya.Grains.Sessions;

/// <summary>
/// One per pairing code. Held in memory only: a code lives three minutes, and if its activation is
/// lost the citizen asks the page for a new code; storing it would cost a write per card login.
/// </summary>
public sealed class CardPairingGrain(TimeProvider time) : Grain, ICardPairingGrain
{
    private string? _sessionId;
    private DateTimeOffset _expiresAt;
    private bool _claimed;

    public Task<bool> OpenAsync(string sessionId, DateTimeOffset expiresAt)
    {
        if (_sessionId is not null && _sessionId != sessionId && time.GetUtcNow() < _expiresAt)
        {
            return Task.FromResult(false);
        }

        _sessionId = sessionId;
        _expiresAt = expiresAt;
        _claimed = false;
        return Task.FromResult(true);
    }

    public Task<string?> ClaimAsync()
    {
        if (_sessionId is null || _claimed || time.GetUtcNow() >= _expiresAt)
        {
            return Task.FromResult<string?>(null);
        }

        _claimed = true;
        return Task.FromResult<string?>(_sessionId);
    }
}
