namespace Hawiya.Gateways.Email;

/// <summary>An SMTP attempt that failed, classified for the resilience pipeline.</summary>
/// <param name="reasonCode">Reason code for the result, e.g. <c>smtp:550</c>.</param>
/// <param name="notSubmitted">True when the relay certainly did not take the message, so a retry cannot duplicate it.</param>
/// <param name="permanent">True when retrying cannot help (RFC 5321 §4.2.1: 5yz replies).</param>
/// <param name="providerFailure">True when this counts against the relay's health (circuit breaker).</param>
internal sealed class SmtpSendException(string reasonCode, bool notSubmitted, bool permanent, bool providerFailure)
    : Exception(reasonCode)
{
    public string ReasonCode { get; } = reasonCode;

    public bool NotSubmitted { get; } = notSubmitted;

    public bool Permanent { get; } = permanent;

    public bool ProviderFailure { get; } = providerFailure;

    /// <summary>Safe to retry: the relay said "not now" (4yz) or was never reached.</summary>
    public bool Retryable => NotSubmitted && !Permanent;
}
