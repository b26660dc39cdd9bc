using System.Globalization;
using Hawiya.Contracts.Devices;
using Hawiya.Contracts.Journal;
using Hawiya.Gateways;
using Hawiya.Gateways.Push;

namespace Hawiya.Server.Citizens.Alerts;

// Alerts as FCM pushes to the citizen's devices.
public sealed partial class AlertDelivery
{
    /// <summary>The value of the <c>kind</c> data member of an alert push (a login challenge is <c>push</c> or <c>face</c>).</summary>
    public const string PushKind = "alert";

    /// <summary>
    /// Sends the alert to every device of the citizen; true when at least one took it. A token FCM
    /// reports dead (UNREGISTERED) removes its device, as a login push does. The push carries the
    /// alert's text and id only: no more than an SMS or email of the same alert would.
    /// </summary>
    private async Task<bool> PushAsync(string citizenKey, DeviceInfo[] enrolled, PendingAlert alert, string text, string correlation, CancellationToken cancellationToken)
    {
        var devices = grains.GetGrain<ICitizenDevicesGrain>(citizenKey);
        if (enrolled.Length == 0)
        {
            return false;
        }

        var data = new Dictionary<string, string>
        {
            ["kind"] = PushKind,
            ["aid"] = alert.Id.ToString(CultureInfo.InvariantCulture),
            ["event"] = alert.Kind.ToString(),
        };
        var results = await Task.WhenAll(enrolled.Select(async device =>
        {
            var sent = await push.SendAsync(new PushMessage(device.PushToken, AlertTexts.Subject, text, data, CorrelationId: correlation), cancellationToken);
            if (sent.Status == PushSendStatus.Unregistered)
            {
                await devices.RemoveDeviceByPushTokenAsync(device.PushToken);
            }

            return sent;
        }));
        var accepted = results.Count(r => r.IsAccepted);
        LogPushed(alert.Kind, alert.Count, accepted, results.Length);
        return accepted > 0;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Alert {Kind} x{Count}: pushed to {Accepted} of {Devices} devices")]
    private partial void LogPushed(JournalEventKind kind, int count, int accepted, int devices);
}
