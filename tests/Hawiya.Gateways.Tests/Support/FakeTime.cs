using Microsoft.Extensions.Time.Testing;

namespace Hawiya.Gateways.Tests.Support;

internal static class FakeTime
{
    /// <summary>A fake clock starting at the real time, so signed JWTs look current.</summary>
    public static FakeTimeProvider Now() => new(DateTimeOffset.UtcNow);

    /// <summary>
    /// Moves fake time forward in <paramref name="step"/>s while <paramref name="task"/> waits on it
    /// (backoff, Retry-After, timeouts), pausing briefly between steps so real I/O can progress.
    /// </summary>
    public static async Task<T> AdvanceUntilDone<T>(this FakeTimeProvider time, Task<T> task, TimeSpan step, int maxSteps = 2000)
    {
        for (var i = 0; i < maxSteps && !task.IsCompleted; i++)
        {
            await Task.WhenAny(task, Task.Delay(10));
            if (!task.IsCompleted)
            {
                time.Advance(step);
            }
        }

        return await task.WaitAsync(TimeSpan.FromSeconds(30));
    }
}
