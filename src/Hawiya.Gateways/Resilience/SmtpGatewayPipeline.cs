using Hawiya.Gateways.Email;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Polly;
using Polly.CircuitBreaker;
using Polly.DependencyInjection;
using Polly.Retry;
using Polly.Timeout;

namespace Hawiya.Gateways.Resilience;

/// <summary>The SMTP counterpart of <see cref="HttpGatewayPipeline"/>: same options, same shape.</summary>
internal static class SmtpGatewayPipeline
{
    public static void Configure(ResiliencePipelineBuilder builder, AddResiliencePipelineContext<string> context)
    {
        var options = context.ServiceProvider.GetRequiredService<IOptions<GatewayResilienceOptions>>().Value;
        builder.TimeProvider = context.ServiceProvider.GetRequiredService<TimeProvider>();

        builder.AddConcurrencyLimiter(options.MaxConcurrentRequests, queueLimit: 0);
        builder.AddTimeout(options.TotalTimeout);
        if (options.MaxRetryAttempts > 0)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = options.MaxRetryAttempts,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.RetryBaseDelay,
                MaxDelay = options.MaxRetryDelay,
                // Only failures where the relay certainly did not take the message.
                ShouldHandle = new PredicateBuilder().Handle<SmtpSendException>(e => e.Retryable),
            });
        }

        builder.AddCircuitBreaker(new CircuitBreakerStrategyOptions
        {
            FailureRatio = options.CircuitFailureRatio,
            MinimumThroughput = options.CircuitMinimumThroughput,
            SamplingDuration = options.CircuitSamplingDuration,
            BreakDuration = options.CircuitBreakDuration,
            ShouldHandle = new PredicateBuilder()
                .Handle<SmtpSendException>(e => e.ProviderFailure)
                .Handle<TimeoutRejectedException>(),
        });
        builder.AddTimeout(options.AttemptTimeout);
    }
}
