using Hawiya.Contracts.Abuse;

namespace Hawiya.Grains.Abuse;

/// <summary>
/// A counter per window, in memory only (and, for a number prefix, one per number within it): the activation is kept alive until its window closes.
/// A silo lost with the activation forgets that window's count, so a key may get one more
/// budget in that window (the bound documented in docs/architecture.md); in exchange a send
/// costs no storage write.
/// </summary>
public sealed class SendBudgetGrain(TimeProvider time) : Grain, ISendBudgetGrain
{
    private Window _own = new();

    /// <summary>The members' budgets counted here, by member key; a closed window is dropped at the next take.</summary>
    private readonly Dictionary<string, Window> _members = new(StringComparer.Ordinal);

    public Task<BudgetGrant> TakeAsync(int wanted, int limit, TimeSpan window)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(wanted);
        Check(limit, window);
        var now = time.GetUtcNow();
        var granted = _own.Take(wanted, limit, window, now);
        KeepUntil(now);
        return Task.FromResult(new BudgetGrant { Granted = granted, WindowEndsAt = _own.EndsAt });
    }

    public Task<MemberBudgetGrant> TakeWithMemberAsync(string member, int limit, TimeSpan window, int memberLimit, TimeSpan memberWindow)
    {
        ArgumentException.ThrowIfNullOrEmpty(member);
        Check(limit, window);
        Check(memberLimit, memberWindow);
        var now = time.GetUtcNow();
        foreach (var closed in _members.Where(m => now >= m.Value.EndsAt).Select(m => m.Key).ToArray())
        {
            _members.Remove(closed);
        }

        if (!_members.TryGetValue(member, out var counted))
        {
            _members[member] = counted = new Window();
        }

        var grant = new MemberBudgetGrant
        {
            Own = _own.Take(1, limit, window, now) == 1,
            Member = counted.Take(1, memberLimit, memberWindow, now) == 1,
        };
        KeepUntil(now);
        return Task.FromResult(grant);
    }

    private static void Check(int limit, TimeSpan window)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(window, TimeSpan.Zero);
    }

    /// <summary>The activation lives as long as any window it counts.</summary>
    private void KeepUntil(DateTimeOffset now)
    {
        var last = _members.Values.Select(m => m.EndsAt).Append(_own.EndsAt).Max();
        DelayDeactivation(last - now);
    }

    /// <summary>One budget's current window: it opens with the first take after the last one closed.</summary>
    private sealed class Window
    {
        public DateTimeOffset EndsAt { get; private set; } = DateTimeOffset.MinValue;
        private int _taken;

        public int Take(int wanted, int limit, TimeSpan window, DateTimeOffset now)
        {
            if (now >= EndsAt)
            {
                EndsAt = now + window;
                _taken = 0;
            }

            var granted = Math.Clamp(limit - _taken, 0, wanted);
            _taken += granted;
            return granted;
        }
    }
}
