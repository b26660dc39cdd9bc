using Hawiya.Server.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Hawiya.Server.Tests.Hosting;

/// <summary>What is run again after a lost silo, and what is not.</summary>
public sealed class SiloLossRetryTests
{
    private static SiloLossRetry Retry(TimeSpan window) =>
        new(Options.Create(new FailureDetectionSettings { RetryWindow = window }), NullLogger<SiloLossRetry>.Instance);

    [Fact]
    public async Task RunAsync_MeetsALostSiloTwiceThenServed_RunsThreeTimesAndAnswers()
    {
        var runs = 0;

        var answer = await Retry(TimeSpan.FromSeconds(30)).RunAsync("test", () =>
            ++runs < 3 ? throw new SiloUnavailableException("silo lost") : Task.FromResult("served"), CancellationToken.None);

        Assert.Equal("served", answer);
        Assert.Equal(3, runs);
    }

    [Fact]
    public async Task RunAsync_LostSiloAsTheInnerCause_IsRunAgain()
    {
        var runs = 0;

        var answer = await Retry(TimeSpan.FromSeconds(30)).RunAsync("test", () =>
            ++runs < 2 ? throw new AggregateException(new SiloUnavailableException("silo lost")) : Task.FromResult(runs), CancellationToken.None);

        Assert.Equal(2, answer);
    }

    [Fact]
    public async Task RunAsync_FaultInsideTheGrain_IsNotRunAgain()
    {
        var runs = 0;

        await Assert.ThrowsAsync<InvalidOperationException>(() => Retry(TimeSpan.FromSeconds(30)).RunAsync<int>("test", () =>
        {
            runs++;
            throw new InvalidOperationException("the grain refused");
        }, CancellationToken.None));

        Assert.Equal(1, runs);
    }

    [Fact]
    public async Task RunAsync_StillLostWhenTheWindowEnds_RethrowsTheFaultForA503()
    {
        var runs = 0;

        await Assert.ThrowsAsync<SiloUnavailableException>(() => Retry(TimeSpan.FromSeconds(1)).RunAsync<int>("test", () =>
        {
            runs++;
            throw new SiloUnavailableException("silo lost");
        }, CancellationToken.None));

        // Waits of 100, 200 and 400 ms fit in the window; the next (800 ms) would not.
        Assert.InRange(runs, 2, 4);
    }

    [Fact]
    public async Task RunAsync_NoWindow_RunsOnce()
    {
        var runs = 0;

        await Assert.ThrowsAsync<SiloUnavailableException>(() => Retry(TimeSpan.Zero).RunAsync<int>("test", () =>
        {
            runs++;
            throw new SiloUnavailableException("silo lost");
        }, CancellationToken.None));

        Assert.Equal(1, runs);
    }
}
