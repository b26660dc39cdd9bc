using Hawiya.Contracts.Common;
using Hawiya.Contracts.Sessions;
using Hawiya.Gateways;
using Hawiya.Gateways.Email;
using Hawiya.Gateways.Sms;
using Microsoft.Extensions.Options;

namespace Hawiya.Server.Abuse;

/// <summary>
/// Sends the queued one-time codes, a bounded number at once per silo. The gateways log each
/// outcome (with recipient pseudonyms). A code its gateway did not take is withdrawn from its
/// session, whose next page tells the citizen to choose another method.
/// </summary>
public sealed partial class CodeSender(CodeQueue queue, ISmsGateway sms, IEmailGateway email, IGrainFactory grains, IOptions<SendBudgetOptions> settings, ILogger<CodeSender> logger)
    : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Enumerable.Range(0, settings.Value.Senders).Select(_ => Task.Run(() => SendLoopAsync(stoppingToken), stoppingToken)));

    private async Task SendLoopAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var code in queue.Reader.ReadAllAsync(stoppingToken))
            {
                if (code.Destination is null)
                {
                    continue;
                }

                await SendAsync(code, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: codes still queued expire unsent; the citizen asks again.
        }
    }

    private async Task SendAsync(PendingCode code, CancellationToken stoppingToken)
    {
        try
        {
            var result = code.Channel == AuthMethod.Sms
                ? await sms.SendAsync(new SmsMessage(code.Destination!, code.Text, code.SessionId), stoppingToken)
                : await email.SendAsync(new EmailMessage(code.Destination!, code.Subject, code.Text, null, code.SessionId), stoppingToken);
            if (result.Status != SendStatus.Accepted)
            {
                LogNotSent(code.Channel, code.SessionId, result.ReasonCode);
                await WithdrawAsync(code);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // One bad send must not stop the loop; the exception's text may carry the recipient.
            LogFailed(code.Channel, code.SessionId, e.GetType().Name);
        }
    }

    /// <summary>The session drops the code, so the citizen's next page offers another method.</summary>
    private async Task WithdrawAsync(PendingCode code)
    {
        if (code.CodeExpiresAt is { } expiresAt)
        {
            await grains.GetGrain<IAuthSessionGrain>(code.SessionId).ReportCodeUndeliveredAsync(expiresAt);
        }
    }

    [LoggerMessage(EventId = 4011, Level = LogLevel.Error,
        Message = "One-time code over {Channel} failed with {ExceptionType}. Session {SessionId}")]
    private partial void LogFailed(AuthMethod channel, string sessionId, string exceptionType);

    [LoggerMessage(EventId = 4010, Level = LogLevel.Warning,
        Message = "One-time code over {Channel} was not accepted by its gateway ({ReasonCode}). Session {SessionId}")]
    private partial void LogNotSent(AuthMethod channel, string sessionId, string? reasonCode);
}
