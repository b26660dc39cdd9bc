using System.Net;
using Hawiya.Gateways.Diagnostics;
using Hawiya.Gateways.Resilience;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Twilio.Clients;
using Twilio.Exceptions;
using Twilio.Rest.Api.V2010.Account;
using Twilio.Types;

namespace Hawiya.Gateways.Sms;

/// <summary>
/// Sends SMS through the Twilio Messages API
/// (https://www.twilio.com/docs/messaging/api/message-resource#create-a-message-resource) with
/// Twilio's own library, which builds the request and reads Twilio's answer.
/// </summary>
/// <remarks>
/// A singleton that asks <see cref="IHttpClientFactory"/> for a client per send, so handler rotation
/// keeps working for long-lived callers such as grains; the library sends through that client (see
/// <see cref="TwilioHttpClient"/>), so the resilience pipeline sees every request.
/// </remarks>
public sealed class TwilioSmsGateway(
    IHttpClientFactory httpClientFactory,
    IOptions<TwilioOptions> options,
    TimeProvider time,
    ILogger<TwilioSmsGateway> logger) : ISmsGateway
{
    /// <summary>Name of the HttpClient (and its resilience pipeline) used for Twilio.</summary>
    public const string HttpClientName = "Hawiya.Gateways.Twilio";

    /// <inheritdoc />
    public async Task<SendResult> SendAsync(SmsMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        var recipientRef = RecipientRef.For(message.To);
        if (message.Problem() is { } problem)
        {
            return NotSent(message, recipientRef, SendResult.Rejected(problem));
        }

        var settings = options.Value;
        var http = new TwilioHttpClient(
            httpClientFactory.CreateClient(HttpClientName),
            new Uri(settings.BaseUrl.TrimEnd('/') + "/", UriKind.Absolute),
            cancellationToken);
        var client = new TwilioRestClient(settings.AccountSid, settings.AuthToken, httpClient: http)
        {
            // SECURITY: the library reads TWILIO_LOG_LEVEL from the environment and, on its
            // synchronous path, writes requests to the console, outside our logging and its rules
            // on personal data. Only the asynchronous path is used here; null keeps it off anyway.
            LogLevel = null,
        };

        SendResult result;
        try
        {
            var sent = await MessageResource.CreateAsync(Options(message, settings), client).ConfigureAwait(false);
            result = sent?.Sid is { } sid ? SendResult.Accepted(sid) : SendResult.RetryLater(GatewayReasons.ProviderError);
        }
        catch (ApiException exception)
        {
            result = Refused(message, http.LastResponse, exception.Code, exception.Status);
        }
        catch (ApiStandardException exception)
        {
            result = Refused(message, http.LastResponse, exception.Code, exception.Status);
        }
        catch (ApiConnectionException exception) when (exception.InnerException is { } failure)
        {
            // The library wraps whatever the HTTP client threw (pipeline timeouts, open circuit,
            // refused connection, the caller's cancellation); judge the failure itself.
            result = SendResult.RetryLater(GatewayFailure.Classify(failure, cancellationToken, logger, message.CorrelationId)
                ?? throw new OperationCanceledException(failure.Message, failure, cancellationToken));
        }
        catch (Exception exception) when (GatewayFailure.Classify(exception, cancellationToken, logger, message.CorrelationId) is { } reason)
        {
            result = SendResult.RetryLater(reason);
        }

        if (result.IsAccepted)
        {
            GatewayLog.SmsAccepted(logger, message.CorrelationId, recipientRef, result.ProviderMessageId!);
            return result;
        }

        return NotSent(message, recipientRef, result);
    }

    private static CreateMessageOptions Options(SmsMessage message, TwilioOptions settings)
    {
        var create = new CreateMessageOptions(new PhoneNumber(message.To)) { Body = message.Body };

        // Exactly one sender: options validation guarantees one of the two is set.
        if (string.IsNullOrWhiteSpace(settings.MessagingServiceSid))
        {
            create.From = new PhoneNumber(settings.From);
        }
        else
        {
            create.MessagingServiceSid = settings.MessagingServiceSid;
        }

        if (!string.IsNullOrWhiteSpace(settings.StatusCallbackUrl))
        {
            // The library sends the URL as written (Uri.OriginalString), the string the callback
            // endpoint checks Twilio's signature against.
            create.StatusCallback = new Uri(settings.StatusCallbackUrl, UriKind.Absolute);
        }

        create.ValidityPeriod = settings.ValidityPeriodSeconds;
        return create;
    }

    /// <summary>
    /// Twilio's error answer (https://www.twilio.com/docs/usage/twilios-response#response-formats-exceptions)
    /// as a send result. SECURITY: the error's message often repeats the phone number, so only its
    /// code is read and the exception itself is never logged.
    /// </summary>
    private SendResult Refused(SmsMessage message, Twilio.Http.Response? response, int code, int status)
    {
        // The response seen on the wire is the reference: the library reports status 0 for a body it
        // could not read, and throws the same exception for a success it could not parse.
        var httpStatus = response?.StatusCode ?? (HttpStatusCode)status;
        if ((int)httpStatus is >= 200 and < 300 or 0)
        {
            return SendResult.RetryLater(GatewayReasons.ProviderError);
        }

        // Twilio's error codes are five digits; the library reports 0 when the body had none.
        int? twilioCode = code > 0 ? code : null;
        if (TwilioErrorMap.IsConfiguration(httpStatus, twilioCode))
        {
            GatewayLog.SmsMisconfigured(logger, message.CorrelationId, twilioCode is { } c ? $"twilio:{c}" : $"twilio:http_{(int)httpStatus}");
        }

        return TwilioErrorMap.ToResult(httpStatus, twilioCode, RetryAfterHeader.Read(response?.Headers.RetryAfter, time));
    }

    private SendResult NotSent(SmsMessage message, string recipientRef, SendResult result)
    {
        GatewayLog.SmsNotSent(logger, message.CorrelationId, recipientRef, result.Status, result.ReasonCode);
        return result;
    }
}
