using Hawiya.LoadTests.Arrivals;
using Microsoft.Extensions.Time.Testing;

namespace Hawiya.LoadTests.Tests.Arrivals;

/// <summary>
/// The scheduler runs on fake time: its waits move the clock instead of sleeping, so a whole
/// run happens at once and every instant is exact.
/// </summary>
public sealed class ArrivalSchedulerTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task RunAsync_FakeTime_IssuesEachArrivalOnceAtItsDueTime()
    {
        var schedule = new ArrivalSchedule(50, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(6));
        var issuedBy = new List<(TimeSpan Elapsed, long Issued)>();
        var start = _time.GetTimestamp();
        ArrivalScheduler? scheduler = null;
        scheduler = new ArrivalScheduler(schedule, 10_000, _time, (delay, _) =>
        {
            issuedBy.Add((_time.GetElapsedTime(start), scheduler!.Launched));
            _time.Advance(delay);
            return Task.CompletedTask;
        });
        var arrivals = new System.Collections.Concurrent.ConcurrentBag<Arrival>();

        await scheduler.RunAsync(a => { arrivals.Add(a); return Task.CompletedTask; }, CancellationToken.None);

        Assert.Equal(schedule.TotalArrivals, scheduler.Launched);
        // Whenever the scheduler paused, exactly the arrivals due by then had been issued.
        Assert.All(issuedBy, point => Assert.Equal(DueBy(schedule, point.Elapsed), point.Issued));
        // It stopped at the last arrival, within the millisecond its timer rounds up to.
        Assert.InRange(_time.GetElapsedTime(start) - schedule.TimeOf(schedule.TotalArrivals), TimeSpan.Zero, TimeSpan.FromMilliseconds(1));
        await WaitForAsync(() => arrivals.Count == schedule.TotalArrivals);
        Assert.All(arrivals, a => AssertClose(schedule.TimeOf(a.Number), _time.GetElapsedTime(start, a.DueTimestamp)));
    }

    [Fact]
    public async Task RunAsync_WorkThatNeverCompletes_KeepsIssuingOnSchedule()
    {
        var schedule = new ArrivalSchedule(100, TimeSpan.Zero, TimeSpan.FromSeconds(5));
        var scheduler = new ArrivalScheduler(schedule, 10_000, _time, AdvanceFakeTime);
        var never = new TaskCompletionSource();

        await scheduler.RunAsync(_ => never.Task, CancellationToken.None);

        Assert.Equal(500, scheduler.Launched);
        Assert.Equal(500, scheduler.InFlight);
        Assert.Equal(0, scheduler.Dropped);
    }

    [Fact]
    public async Task RunAsync_InFlightCapReached_DropsAndReportsTheRest()
    {
        var schedule = new ArrivalSchedule(10, TimeSpan.Zero, TimeSpan.FromSeconds(2));
        var scheduler = new ArrivalScheduler(schedule, 5, _time, AdvanceFakeTime);
        var dropped = new List<long>();
        scheduler.ArrivalDropped += a => dropped.Add(a.Number);
        var never = new TaskCompletionSource();

        await scheduler.RunAsync(_ => never.Task, CancellationToken.None);

        Assert.Equal(5, scheduler.Launched);
        Assert.Equal(15, scheduler.Dropped);
        Assert.Equal(Enumerable.Range(6, 15).Select(n => (long)n), dropped);
    }

    [Fact]
    public async Task DrainAsync_SlowWorkReleasedAfterTheRun_EndsIdle()
    {
        var schedule = new ArrivalSchedule(20, TimeSpan.Zero, TimeSpan.FromSeconds(1));
        var scheduler = new ArrivalScheduler(schedule, 10_000, _time, async (delay, _) =>
        {
            _time.Advance(delay);
            await Task.Yield();
        });
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        await scheduler.RunAsync(_ => gate.Task, CancellationToken.None);
        Assert.Equal(20, scheduler.InFlight);
        gate.SetResult();
        var idle = await scheduler.DrainAsync(TimeSpan.FromDays(1), CancellationToken.None);

        Assert.True(idle);
        Assert.Equal(0, scheduler.InFlight);
        Assert.Equal(0, scheduler.Faulted);
    }

    [Fact]
    public async Task RunAsync_WorkThatThrows_IsCountedAsFaulted()
    {
        var schedule = new ArrivalSchedule(3, TimeSpan.Zero, TimeSpan.FromSeconds(1));
        var scheduler = new ArrivalScheduler(schedule, 10, _time, AdvanceFakeTime);

        await scheduler.RunAsync(_ => throw new InvalidOperationException("bug"), CancellationToken.None);
        await WaitForAsync(() => scheduler.InFlight == 0);

        Assert.Equal(3, scheduler.Faulted);
    }

    [Fact]
    public async Task RunAsync_Cancelled_StopsIssuing()
    {
        var schedule = new ArrivalSchedule(10, TimeSpan.Zero, TimeSpan.FromSeconds(100));
        using var cancel = new CancellationTokenSource();
        var waits = 0;
        var scheduler = new ArrivalScheduler(schedule, 10_000, _time, (delay, ct) =>
        {
            if (++waits == 30)
            {
                cancel.Cancel();
                ct.ThrowIfCancellationRequested();
            }

            _time.Advance(delay);
            return Task.CompletedTask;
        });

        await scheduler.RunAsync(_ => Task.CompletedTask, cancel.Token);

        // One arrival follows each of the first 29 waits; the 30th wait is where it stopped.
        Assert.Equal(29, scheduler.Launched);
    }

    private Task AdvanceFakeTime(TimeSpan delay, CancellationToken cancellationToken)
    {
        _time.Advance(delay);
        return Task.CompletedTask;
    }

    /// <summary>Equal to the tick conversions' rounding (well under a microsecond).</summary>
    private static void AssertClose(TimeSpan expected, TimeSpan actual) =>
        Assert.InRange(Math.Abs((expected - actual).TotalMicroseconds), 0, 1);

    private static long DueBy(ArrivalSchedule schedule, TimeSpan elapsed)
    {
        var count = 0L;
        while (count < schedule.TotalArrivals && schedule.TimeOf(count + 1) <= elapsed)
        {
            count++;
        }

        return count;
    }

    /// <summary>Work runs on the thread pool; yield to it (no clock involved) until it has run.</summary>
    private static async Task WaitForAsync(Func<bool> condition)
    {
        for (var i = 0; i < 100_000 && !condition(); i++)
        {
            await Task.Yield();
        }

        Assert.True(condition());
    }
}
