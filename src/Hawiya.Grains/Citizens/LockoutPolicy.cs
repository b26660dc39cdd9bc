namespace Hawiya.Grains.Citizens;

/// <summary>
/// Growing delays after consecutive failures, and the hard stop of NIST SP 800-63B
/// §5.2.2: after 100 consecutive failures the method needs recovery.
/// </summary>
internal static class LockoutPolicy
{
    public const int FreeAttempts = 5;
    public const int RecoveryThreshold = 100;
    private static readonly TimeSpan FirstLock = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan LongestLock = TimeSpan.FromHours(1);

    /// <summary>The lock after <paramref name="consecutive"/> failures: none for the first five, then 30 s doubling to one hour.</summary>
    public static TimeSpan? LockFor(int consecutive)
    {
        if (consecutive < FreeAttempts)
        {
            return null;
        }

        var doublings = Math.Min(consecutive - FreeAttempts, 10);
        var lockTime = FirstLock * Math.Pow(2, doublings);
        return lockTime < LongestLock ? lockTime : LongestLock;
    }
}
