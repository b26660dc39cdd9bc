using Hawiya.Gateways;
using Hawiya.Gateways.Sms;
using Microsoft.Extensions.Options;

namespace Hawiya.Server.Abuse;

/// <summary>
/// Wraps the SMS gateway so that no message of any kind (codes, alerts) goes to a destination
/// outside the allow-list or inside a refused (premium-rate) range: the provider is never called.
/// </summary>
public sealed class AllowedDestinationsSmsGateway(ISmsGateway inner, IOptions<SendBudgetOptions> settings) : ISmsGateway
{
    public Task<SendResult> SendAsync(SmsMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        var destination = SmsDestinations.Classify(message.To, settings.Value);
        return destination.Allowed
            ? inner.SendAsync(message, cancellationToken)
            : Task.FromResult(SendResult.Rejected(destination.Refusal == SmsDestinations.NotE164 ? GatewayReasons.InvalidRecipient : "destination_" + destination.Refusal));
    }
}
