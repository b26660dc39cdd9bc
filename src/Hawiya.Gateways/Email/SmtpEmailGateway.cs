using System.Globalization;
using System.Net.Sockets;
using Hawiya.Gateways.Diagnostics;
using Hawiya.Gateways.Resilience;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MimeKit;
using MimeKit.Utils;
using Polly;
using Polly.Registry;

namespace Hawiya.Gateways.Email;

/// <summary>
/// Sends email through an SMTP relay with MailKit: one connection per message (EHLO, optional
/// STARTTLS and AUTH, MAIL FROM, RCPT TO, DATA, QUIT; RFC 5321), inside a resilience pipeline.
/// </summary>
public sealed class SmtpEmailGateway(
    IOptions<SmtpOptions> options,
    IOptions<GatewayResilienceOptions> resilience,
    ResiliencePipelineProvider<string> pipelines,
    ILogger<SmtpEmailGateway> logger) : IEmailGateway
{
    /// <summary>Name of the resilience pipeline used for SMTP.</summary>
    public const string PipelineName = "Hawiya.Gateways.Smtp";

    /// <inheritdoc />
    public async Task<SendResult> SendAsync(EmailMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        var recipientRef = RecipientRef.For(message.To);
        if (message.Problem() is { } problem)
        {
            return NotSent(message, recipientRef, SendResult.Rejected(problem));
        }

        var settings = options.Value;
        var domain = settings.FromAddress[(settings.FromAddress.IndexOf('@', StringComparison.Ordinal) + 1)..];
        var messageId = MimeUtils.GenerateMessageId(domain);
        var mime = Build(message, settings, messageId);
        SendResult result;
        try
        {
            await pipelines.GetPipeline(PipelineName)
                .ExecuteAsync(static async (state, token) => await state.Gateway.SendOnceAsync(state.Mime, state.Settings, token).ConfigureAwait(false),
                    (Gateway: this, Mime: mime, Settings: settings), cancellationToken)
                .ConfigureAwait(false);
            result = SendResult.Accepted(messageId);
        }
        catch (SmtpSendException exception)
        {
            result = exception.Permanent ? SendResult.Rejected(exception.ReasonCode) : SendResult.RetryLater(exception.ReasonCode);
        }
        catch (Exception exception) when (GatewayFailure.Classify(exception, cancellationToken, logger, message.CorrelationId) is { } reason)
        {
            result = SendResult.RetryLater(reason);
        }

        if (result.IsAccepted)
        {
            GatewayLog.EmailAccepted(logger, message.CorrelationId, recipientRef, result.ProviderMessageId!);
            return result;
        }

        return NotSent(message, recipientRef, result);
    }

    private static MimeMessage Build(EmailMessage message, SmtpOptions settings, string messageId)
    {
        var mime = new MimeMessage();
        mime.From.Add(new MailboxAddress(settings.FromName, settings.FromAddress));
        mime.To.Add(MailboxAddress.Parse(message.To));
        mime.Subject = message.Subject;
        mime.MessageId = messageId;
        var body = new BodyBuilder { TextBody = message.TextBody, HtmlBody = message.HtmlBody };
        mime.Body = body.ToMessageBody();
        return mime;
    }

    private async ValueTask SendOnceAsync(MimeMessage mime, SmtpOptions settings, CancellationToken cancellationToken)
    {
        using var client = new SmtpClient
        {
            // MailKit's own socket timeout, in real time, behind the pipeline's attempt timeout.
            Timeout = (int)Math.Min(int.MaxValue, resilience.Value.AttemptTimeout.TotalMilliseconds),
        };
        if (!string.IsNullOrEmpty(settings.LocalDomain))
        {
            client.LocalDomain = settings.LocalDomain;
        }

        try
        {
            await client.ConnectAsync(settings.Host, settings.Port, settings.Security, cancellationToken).ConfigureAwait(false);
            if (!string.IsNullOrEmpty(settings.UserName))
            {
                await client.AuthenticateAsync(settings.UserName, settings.Password ?? string.Empty, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception exception) when (ClassifyBeforeSubmission(exception) is { } failure)
        {
            throw failure;
        }

        try
        {
            await client.SendAsync(mime, cancellationToken).ConfigureAwait(false);
        }
        catch (SmtpCommandException exception)
        {
            throw FromReply(exception);
        }
        catch (Exception exception) when (exception is IOException or SmtpProtocolException or SocketException)
        {
            // The connection died mid-transaction: the relay may have queued the message, so this
            // is not retried here (a duplicate OTP mail is worse than a "try again" on the page).
            throw new SmtpSendException("smtp:connection_lost", notSubmitted: false, permanent: false, providerFailure: true);
        }

        try
        {
            await client.DisconnectAsync(quit: true, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is IOException or SmtpProtocolException or SocketException or OperationCanceledException)
        {
            // The message was accepted at the end of DATA; a failed QUIT changes nothing.
        }
    }

    private static SmtpSendException? ClassifyBeforeSubmission(Exception exception) => exception switch
    {
        SmtpCommandException command => FromReply(command),
        AuthenticationException => new SmtpSendException("smtp:auth_failed", notSubmitted: true, permanent: true, providerFailure: true),
        SslHandshakeException => new SmtpSendException("smtp:tls_failed", notSubmitted: true, permanent: true, providerFailure: true),
        SocketException or IOException or SmtpProtocolException or ServiceNotConnectedException =>
            new SmtpSendException(GatewayReasons.Unreachable, notSubmitted: true, permanent: false, providerFailure: true),
        _ => null,
    };

    /// <summary>
    /// RFC 5321 §4.2.1: 4yz is a transient negative reply (the message was not taken, ask again);
    /// 5yz is permanent. A 5yz about the recipient (550 no such user) is the citizen's address,
    /// not the relay's health.
    /// </summary>
    private static SmtpSendException FromReply(SmtpCommandException exception)
    {
        var code = (int)exception.StatusCode;
        var reason = "smtp:" + code.ToString(CultureInfo.InvariantCulture);
        var permanent = code >= 500;
        var aboutRecipient = exception.ErrorCode == SmtpErrorCode.RecipientNotAccepted;
        return new SmtpSendException(reason, notSubmitted: true, permanent, providerFailure: !(permanent && aboutRecipient));
    }

    private SendResult NotSent(EmailMessage message, string recipientRef, SendResult result)
    {
        GatewayLog.EmailNotSent(logger, message.CorrelationId, recipientRef, result.Status, result.ReasonCode);
        return result;
    }
}
