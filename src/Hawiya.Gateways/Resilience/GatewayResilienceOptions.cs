using System.ComponentModel.DataAnnotations;

namespace Hawiya.Gateways.Resilience;

/// <summary>
/// Timeouts, retries and circuit breaking for every provider call (section <c>Gateways:Resilience</c>).
/// Each channel gets its own pipeline instance, so an open circuit on Twilio does not stop email.
/// </summary>
/// <remarks>
/// The defaults keep a login page waiting at most <see cref="TotalTimeout"/>: a citizen facing a
/// dead provider is better served by "choose another method" after a few seconds than by a spinner.
/// </remarks>
public sealed class GatewayResilienceOptions : IValidatableObject
{
    /// <summary>Configuration section.</summary>
    public const string SectionName = "Gateways:Resilience";

    /// <summary>Upper bound for one send, retries and backoff included.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Upper bound for one attempt.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(4);

    /// <summary>Retries after the first attempt, only for failures where the provider did not take the message.</summary>
    [Range(0, 10)]
    public int MaxRetryAttempts { get; set; } = 2;

    /// <summary>First backoff delay; later ones grow exponentially with jitter.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// Longest wait before a retry. A provider asking (Retry-After) for longer than this gets no retry:
    /// the send ends as <see cref="SendStatus.RetryLater"/> and the citizen picks another method.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>Share of failed attempts within <see cref="CircuitSamplingDuration"/> that opens the circuit.</summary>
    [Range(0.01, 1.0)]
    public double CircuitFailureRatio { get; set; } = 0.5;

    /// <summary>Attempts needed in the sampling window before the ratio is considered.</summary>
    [Range(2, int.MaxValue)]
    public int CircuitMinimumThroughput { get; set; } = 10;

    /// <summary>Window over which failures are counted.</summary>
    [Range(typeof(TimeSpan), "00:00:00.500", "01:00:00")]
    public TimeSpan CircuitSamplingDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long an open circuit fails sends at once before letting a probe through.</summary>
    [Range(typeof(TimeSpan), "00:00:00.500", "01:00:00")]
    public TimeSpan CircuitBreakDuration { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Sends in flight to one provider at once; more are refused at once rather than queued.</summary>
    [Range(1, 100_000)]
    public int MaxConcurrentRequests { get; set; } = 500;

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (AttemptTimeout > TotalTimeout)
        {
            yield return new ValidationResult(
                "AttemptTimeout must not exceed TotalTimeout.", [nameof(AttemptTimeout), nameof(TotalTimeout)]);
        }

        // The same rule the standard resilience handler enforces: a window shorter than two attempts
        // cannot observe enough outcomes to judge the provider.
        if (CircuitSamplingDuration < AttemptTimeout * 2)
        {
            yield return new ValidationResult(
                "CircuitSamplingDuration must be at least twice AttemptTimeout.", [nameof(CircuitSamplingDuration)]);
        }
    }
}
