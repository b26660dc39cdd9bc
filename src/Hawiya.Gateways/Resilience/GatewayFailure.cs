using Hawiya.Gateways.Diagnostics;
using Microsoft.Extensions.Logging;
using Polly.CircuitBreaker;
using Polly.RateLimiting;
using Polly.Timeout;

namespace Hawiya.Gateways.Resilience;

/// <summary>Turns what a resilience pipeline throws into a reason code for a not-sent message.</summary>
internal static class GatewayFailure
{
    /// <summary>
    /// The reason code for <paramref name="exception"/>, or null when it must propagate because the
    /// caller cancelled. Anything unrecognised becomes <see cref="GatewayReasons.ProviderError"/>
    /// (logged with its type only, since messages may quote recipients): a login must get an answer
    /// it can act on, never an exception from a provider library.
    /// </summary>
    public static string? Classify(Exception exception, CancellationToken callerToken, ILogger logger, string? correlationId)
    {
        if (callerToken.IsCancellationRequested && exception is OperationCanceledException)
        {
            return null;
        }

        return exception switch
        {
            BrokenCircuitException => GatewayReasons.CircuitOpen,
            RateLimiterRejectedException => GatewayReasons.Throttled,
            TimeoutRejectedException => GatewayReasons.Timeout,
            // HttpClient.Timeout is only a backstop behind the pipeline's own timeouts.
            TaskCanceledException { InnerException: TimeoutException } => GatewayReasons.Timeout,
            HttpRequestException when HttpGatewayPipeline.NeverReachedProvider(exception) => GatewayReasons.Unreachable,
            HttpRequestException => GatewayReasons.ProviderError,
            _ => Unexpected(exception, logger, correlationId),
        };
    }

    private static string Unexpected(Exception exception, ILogger logger, string? correlationId)
    {
        GatewayLog.UnexpectedFailure(logger, correlationId, exception.GetType().FullName ?? exception.GetType().Name);
        return GatewayReasons.ProviderError;
    }
}
