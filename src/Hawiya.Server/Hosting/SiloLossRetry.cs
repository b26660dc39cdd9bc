using System.Diagnostics;
using Microsoft.Extensions.Options;
using Orleans.Runtime.Messaging;

namespace Hawiya.Server.Hosting;

/// <summary>
/// Runs a request's grain calls again, for up to <see cref="FailureDetectionSettings.RetryWindow"/>,
/// when they met a silo that is lost or stopping (unreachable, declared dead with the call under
/// way, or rejecting the call as it shuts down). Until the cluster declares a killed silo dead, or
/// while a stopping silo hands its grains over, a grain's directory entry still names that silo;
/// once the cluster knows, the same calls place a new activation on a live silo, which reads the
/// grain's stored state, and the request answers late instead of 503.
/// </summary>
/// <remarks>
/// Only for a request that may run twice to the effect of once: reads, and writes whose arguments
/// name the request (a participation's request key). Any other request's fault reaches its
/// client as 503: its call may have run on the lost silo before it was lost. Each attempt makes
/// its calls anew (a new invokable, a new message, addressed again): an outgoing grain call
/// filter cannot do the same, since a call that reached a grain on its own silo hands its
/// invokable to that grain, which clears its arguments once it has run. Waits in real time, not
/// the injected <see cref="TimeProvider"/>: what it waits for is the cluster's membership, which
/// no test clock moves.
/// </remarks>
public sealed partial class SiloLossRetry(IOptions<FailureDetectionSettings> settings, ILogger<SiloLossRetry> logger)
{
    private static readonly TimeSpan FirstDelay = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan LongestDelay = TimeSpan.FromSeconds(1);

    /// <summary>Runs <paramref name="attempt"/>, again while it meets a lost silo and the window allows; the last fault is rethrown.</summary>
    public async Task<T> RunAsync<T>(string operation, Func<Task<T>> attempt, CancellationToken cancellation)
    {
        var started = Stopwatch.GetTimestamp();
        var delay = FirstDelay;
        for (var tries = 1; ; tries++)
        {
            try
            {
                var result = await attempt();
                if (tries > 1)
                {
                    LogServed(operation, tries);
                }

                return result;
            }
            catch (Exception e) when (MetLostSilo(e) && Stopwatch.GetElapsedTime(started) + delay <= settings.Value.RetryWindow
                && !cancellation.IsCancellationRequested)
            {
                LogRetrying(operation, tries, e.GetType().Name);
            }

            await Task.Delay(delay, cancellation);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, LongestDelay.Ticks));
        }
    }

    /// <summary>Whether a call failed because a silo it needed is lost or stopping, rather than in a grain.</summary>
    public static bool MetLostSilo(Exception exception)
    {
        for (var cause = exception; cause is not null; cause = cause.InnerException)
        {
            if (cause is SiloUnavailableException or OrleansMessageRejectionException or ConnectionFailedException)
            {
                return true;
            }
        }

        return false;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Operation} met a lost or stopping silo ({ExceptionType}, attempt {Attempt}); running it again")]
    private partial void LogRetrying(string operation, int attempt, string exceptionType);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Operation} served at attempt {Attempt} after meeting a lost or stopping silo")]
    private partial void LogServed(string operation, int attempt);
}
