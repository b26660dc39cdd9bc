using Hawiya.Contracts.Abuse;

namespace Hawiya.Grains.Abuse;

/// <summary>
/// A counter per window, in memory only: the activation is kept alive until its window closes.
/// A silo lost with the activation forgets that window's count, so a key may get one more
/// budget in that window (the bound documented in docs/architecture.md); in exchange a send
/// costs no storage write.
/// </summary>
public sealed class SendBudgetGrain(TimeProvider time) : Grain, ISendBudgetGrain
{
    private DateTimeOffset _windowEndsAt = DateTimeOffset.MinValue;
    private int _taken;

    public Task<BudgetGrant> TakeAsync(int wanted, int limit, TimeSpan window)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(wanted);
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(window, TimeSpan.Zero);

        var now = time.GetUtcNow();
        if (now >= _windowEndsAt)
        {
            _windowEndsAt = now + window;
            _taken = 0;
        }

        var granted = Math.Clamp(limit - _taken, 0, wanted);
        _taken += granted;
        DelayDeactivation(_windowEndsAt - now);
        return Task.FromResult(new BudgetGrant { Granted = granted, WindowEndsAt = _windowEndsAt });
    }
}
