using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;

namespace Hawiya.Gateways.Resilience;

/// <summary>
/// The resilience pipeline around each provider's HttpClient: the shape of the standard handler
/// (limiter, total timeout, retry, circuit breaker, attempt timeout) with retry rules fit for sends
/// that are not idempotent.
/// </summary>
/// <remarks>
/// It is built by hand rather than with <c>AddStandardResilienceHandler</c> for two reasons: the
/// standard retry replays any POST after a timeout, which could send a citizen two OTP messages
/// (and pay for both); and the hand-built pipeline takes the registered <see cref="TimeProvider"/>,
/// so tests move fake time instead of sleeping.
/// </remarks>
internal static class HttpGatewayPipeline
{
    public static void Configure(ResiliencePipelineBuilder<HttpResponseMessage> builder, ResilienceHandlerContext context)
    {
        var options = context.ServiceProvider.GetRequiredService<IOptions<GatewayResilienceOptions>>().Value;
        var time = context.ServiceProvider.GetRequiredService<TimeProvider>();
        builder.TimeProvider = time;

        builder.AddConcurrencyLimiter(options.MaxConcurrentRequests, queueLimit: 0);
        builder.AddTimeout(options.TotalTimeout);

        if (options.MaxRetryAttempts > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = options.MaxRetryAttempts,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.RetryBaseDelay,
                MaxDelay = options.MaxRetryDelay,
                ShouldHandle = args => ValueTask.FromResult(ShouldRetry(args.Outcome, options, time)),
                // Null falls back to the jittered exponential backoff above.
                DelayGenerator = args => ValueTask.FromResult(RetryAfterHeader.Read(args.Outcome.Result, time)),
            });
        }

        builder.AddCircuitBreaker(new CircuitBreakerStrategyOptions<HttpResponseMessage>
        {
            FailureRatio = options.CircuitFailureRatio,
            MinimumThroughput = options.CircuitMinimumThroughput,
            SamplingDuration = options.CircuitSamplingDuration,
            BreakDuration = options.CircuitBreakDuration,
            ShouldHandle = args => ValueTask.FromResult(IsProviderFailure(args.Outcome)),
        });
        builder.AddTimeout(options.AttemptTimeout);
    }

    /// <summary>
    /// Responses that mean the provider did not take the message and asks us to come back:
    /// Twilio documents that a 429 "is never processed and is always safe to retry"
    /// (https://www.twilio.com/docs/api/errors/20429) and treats 5xx as not accepted; FCM asks for
    /// retries with backoff on 429 QUOTA_EXCEEDED, 500 INTERNAL and 503 UNAVAILABLE
    /// (https://firebase.google.com/docs/reference/fcm/rest/v1/ErrorCode).
    /// </summary>
    public static bool IsNotAcceptedTransient(HttpResponseMessage response) =>
        response.StatusCode == HttpStatusCode.TooManyRequests || (int)response.StatusCode >= 500;

    private static bool ShouldRetry(Outcome<HttpResponseMessage> outcome, GatewayResilienceOptions options, TimeProvider time)
    {
        if (outcome.Exception is not null)
        {
            // Only failures before the request left this machine. A timeout or a dropped connection
            // after sending is ambiguous: the provider may have queued the message.
            return NeverReachedProvider(outcome.Exception);
        }

        var response = outcome.Result!;
        if (!IsNotAcceptedTransient(response))
        {
            return false;
        }

        // A provider asking for a longer pause than we will make a citizen wait gets no retry here;
        // the caller sees RetryLater with the provider's delay.
        var retryAfter = RetryAfterHeader.Read(response, time);
        return retryAfter is null || retryAfter <= options.MaxRetryDelay;
    }

    private static bool IsProviderFailure(Outcome<HttpResponseMessage> outcome) => outcome switch
    {
        // SECURITY: a 4xx about one recipient (invalid number, dead device token) is not held against
        // the provider, or anyone typing bad numbers could open the circuit and deny SMS to everyone.
        { Exception: null, Result: { } response } => IsNotAcceptedTransient(response),
        { Exception: HttpRequestException or TimeoutRejectedException } => true,
        _ => false,
    };

    internal static bool NeverReachedProvider(Exception exception) =>
        exception is HttpRequestException
        {
            HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError,
        };
}
