using Hawiya.LoadTests.Checks;
using Hawiya.LoadTests.Metrics;

namespace Hawiya.LoadTests.Scenarios;

/// <summary>
/// One arrival being served: which scenario it runs (a blend picks one per arrival), the
/// instant it was due, and the steps it went through. Its latency runs from the due instant,
/// not from when the client got round to it, so a saturated client cannot hide latency
/// (coordinated omission).
/// </summary>
public sealed class Operation(long number, long dueTimestamp, string scenario, MetricsCollector metrics, TimeProvider time)
{
    private TimeSpan? _latency;

    public long Number => number;

    /// <summary>The scenario the outcome is counted under; a blend sets it to the scenario it picked.</summary>
    public string Scenario { get; set; } = scenario;

    /// <summary>The step being run, for failures that escape a step (null outside steps).</summary>
    public string? CurrentStep { get; private set; }

    /// <summary>From the due instant to <see cref="Complete"/>, or to now if it was not called.</summary>
    public TimeSpan Latency => _latency ?? time.GetElapsedTime(dueTimestamp);

    /// <summary>Runs and times one step; its failure is tagged with the step's name.</summary>
    public async Task<T> StepAsync<T>(string step, Func<Task<T>> body)
    {
        CurrentStep = step;
        var started = time.GetTimestamp();
        try
        {
            var result = await body();
            metrics.RecordStep(Scenario, step, time.GetElapsedTime(started));
            return result;
        }
        catch (Exception e) when (e is not StepFailure)
        {
            throw new StepFailure(step, e);
        }
        finally
        {
            CurrentStep = null;
        }
    }

    /// <summary>
    /// An operation for work done on behalf of this one (a re-login, say) whose steps are
    /// counted apart, under <paramref name="scenario"/>, so they do not blur this one's steps.
    /// </summary>
    public Operation Side(string scenario) => new(number, time.GetTimestamp(), scenario, metrics, time);

    /// <summary>
    /// Marks the end of what the scenario measures; checks that follow (a refresh token reuse
    /// probe, say) are timed as steps but do not count in the scenario's latency.
    /// </summary>
    public void Complete() => _latency ??= time.GetElapsedTime(dueTimestamp);
}

/// <summary>The client had no room for an arrival (no idle citizen or refresh chain): counted as dropped, not as a server error.</summary>
public sealed class ClientSaturatedException : Exception
{
    public ClientSaturatedException(string message)
        : base(message)
    {
    }
}
