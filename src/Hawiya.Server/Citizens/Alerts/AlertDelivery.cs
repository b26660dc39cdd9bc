using Hawiya.Contracts.Citizens;
using Hawiya.Contracts.Devices;
using Hawiya.Contracts.Journal;
using Hawiya.Contracts.Providers;
using Hawiya.Gateways;
using Hawiya.Gateways.Email;
using Hawiya.Gateways.Push;
using Hawiya.Gateways.Sms;
using Hawiya.Grains.Journal;
using Microsoft.Extensions.Options;

namespace Hawiya.Server.Citizens.Alerts;

/// <summary>
/// Sends one alert through the citizen's chosen channel. Push goes to every enrolled device of
/// the citizen, and by email (then by SMS if there is no email) when no device takes it or when
/// the alert is a security event rather than a use; SMS and email fall back to each other when
/// the citizen has only one of them.
/// </summary>
public sealed partial class AlertDelivery(
    IGrainFactory grains,
    ISmsGateway sms,
    IEmailGateway email,
    IPushGateway push,
    IOptions<PortalLinkSettings> portal,
    TimeProvider time,
    ILogger<AlertDelivery> logger) : IAlertSender
{
    /// <summary>How long a provider's name, as alerts show it, is kept by the silo: a use alert follows every login.</summary>
    public static readonly TimeSpan ProviderNameKeptFor = TimeSpan.FromMinutes(1);

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, (string Name, DateTimeOffset Until)> _providerNames = new(StringComparer.Ordinal);

    public async Task<AlertAttempt> SendAsync(string citizenKey, PendingAlert alert, CancellationToken cancellationToken)
    {
        var recipient = await grains.GetGrain<ICitizenDevicesGrain>(citizenKey).GetAlertRecipientAsync();
        var provider = alert.ClientId is { } clientId ? await ProviderNameAsync(clientId) : null;
        var text = AlertTexts.Compose(alert, provider, portal.Value.NotMePage);
        var correlation = "alert-" + alert.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var pushed = false;
        if (alert.Channel == AlertChannel.Push)
        {
            // SECURITY: only uses may be told on the devices alone. A security event (a new device,
            // a method turned off, a card status) may be the work of whoever holds one of those
            // devices, so it also goes to the email address or phone; it is pushed once, not per retry.
            var security = alert.Kind != JournalEventKind.Use;
            pushed = (!security || alert.Attempts == 0) && await PushAsync(citizenKey, recipient.Devices, alert, text, correlation, cancellationToken);
            if (pushed && !security)
            {
                return new AlertAttempt(alert.Id, AlertOutcome.Sent, null);
            }
        }

        // SMS only when the citizen asked for it or has no email: alerts must not become an SMS cost.
        var bySms = recipient.Phone is not null && (alert.Channel == AlertChannel.Sms || recipient.Email is null);
        SendResult result;
        if (bySms)
        {
            result = await sms.SendAsync(new SmsMessage(recipient.Phone!, text, correlation), cancellationToken);
        }
        else if (recipient.Email is { } address)
        {
            result = await email.SendAsync(new EmailMessage(address, AlertTexts.Subject, text, CorrelationId: correlation), cancellationToken);
        }
        else
        {
            return pushed
                ? new AlertAttempt(alert.Id, AlertOutcome.Sent, null)
                : new AlertAttempt(alert.Id, AlertOutcome.Dropped, "no contact point");
        }

        LogSent(alert.Kind, alert.Count, result.Status);
        return result.Status switch
        {
            SendStatus.Accepted => new AlertAttempt(alert.Id, AlertOutcome.Sent, null),
            SendStatus.RetryLater => new AlertAttempt(alert.Id, AlertOutcome.RetryLater, result.ReasonCode),
            _ => new AlertAttempt(alert.Id, AlertOutcome.Dropped, result.ReasonCode),
        };
    }

    private async Task<string> ProviderNameAsync(string clientId)
    {
        var now = time.GetUtcNow();
        if (_providerNames.TryGetValue(clientId, out var kept) && kept.Until > now)
        {
            return kept.Name;
        }

        var name = (await grains.GetGrain<IServiceProviderGrain>(clientId).GetAsync()).Registration?.DisplayName ?? clientId;
        _providerNames[clientId] = (name, now + ProviderNameKeptFor);
        return name;
    }

    // No recipient, no text: the kind, the count and the gateway's answer only.
    [LoggerMessage(Level = LogLevel.Information, Message = "Alert {Kind} x{Count}: {Status}")]
    private partial void LogSent(JournalEventKind kind, int count, SendStatus status);
}
