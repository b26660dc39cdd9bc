using Hawiya.Gateways.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Hawiya.Gateways.Sms;

/// <summary>
/// A delivery update Twilio posted to the StatusCallback URL
/// (https://www.twilio.com/docs/messaging/guides/track-outbound-message-status).
/// </summary>
/// <param name="ProviderMessageId">The MessageSid returned when the message was accepted.</param>
/// <param name="MessageStatus">queued, sending, sent, delivered, undelivered, failed, …</param>
/// <param name="ErrorCode">For undelivered or failed messages, the Twilio error (e.g. 30007 filtered).</param>
public sealed record SmsDeliveryReport(string ProviderMessageId, string MessageStatus, int? ErrorCode)
{
    /// <summary>True when the carrier will not deliver it: the citizen should be offered another method.</summary>
    public bool IsFinalFailure => MessageStatus is "undelivered" or "failed";
}

/// <summary>Receives verified SMS delivery reports (for example to tell the waiting login page).</summary>
public interface ISmsDeliveryReportSink
{
    /// <summary>Handles one report; called only after the Twilio signature was verified.</summary>
    ValueTask ReportAsync(SmsDeliveryReport report, CancellationToken cancellationToken);
}

/// <summary>The default sink: logs the report (ids and codes only).</summary>
internal sealed class LoggingSmsDeliveryReportSink(ILogger<LoggingSmsDeliveryReportSink> logger) : ISmsDeliveryReportSink
{
    public ValueTask ReportAsync(SmsDeliveryReport report, CancellationToken cancellationToken)
    {
        GatewayLog.TwilioDeliveryReport(logger, report.ProviderMessageId, report.MessageStatus, report.ErrorCode);
        return ValueTask.CompletedTask;
    }
}
