using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Hawiya.Gateways.Diagnostics;
using Hawiya.Gateways.Resilience;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Hawiya.Gateways.Sms;

/// <summary>
/// Sends SMS through the Twilio Messages API
/// (https://www.twilio.com/docs/messaging/api/message-resource#create-a-message-resource):
/// a form-encoded POST to <c>/2010-04-01/Accounts/{AccountSid}/Messages.json</c> with HTTP basic
/// authentication (account SID and auth token).
/// </summary>
/// <remarks>
/// A singleton that asks <see cref="IHttpClientFactory"/> for a client per send, so handler rotation
/// keeps working for long-lived callers such as grains.
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
        using var request = BuildRequest(message, settings);
        SendResult result;
        try
        {
            using var response = await httpClientFactory.CreateClient(HttpClientName)
                .SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken)
                .ConfigureAwait(false);
            result = await InterpretAsync(response, message, cancellationToken).ConfigureAwait(false);
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

    private static HttpRequestMessage BuildRequest(SmsMessage message, TwilioOptions settings)
    {
        var fields = new List<KeyValuePair<string, string>>
        {
            new("To", message.To),
            new("Body", message.Body),
        };

        // Exactly one sender: options validation guarantees one of the two is set.
        fields.Add(string.IsNullOrWhiteSpace(settings.MessagingServiceSid)
            ? new("From", settings.From!)
            : new("MessagingServiceSid", settings.MessagingServiceSid));

        if (!string.IsNullOrWhiteSpace(settings.StatusCallbackUrl))
        {
            fields.Add(new("StatusCallback", settings.StatusCallbackUrl));
        }

        if (settings.ValidityPeriodSeconds is { } validity)
        {
            fields.Add(new("ValidityPeriod", validity.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        var baseUri = new Uri(settings.BaseUrl.TrimEnd('/') + "/", UriKind.Absolute);
        var path = $"2010-04-01/Accounts/{Uri.EscapeDataString(settings.AccountSid)}/Messages.json";
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(baseUri, path))
        {
            Content = new FormUrlEncodedContent(fields),
        };

        // https://www.twilio.com/docs/usage/requests-to-twilio#authentication
        var credentials = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{settings.AccountSid}:{settings.AuthToken}"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", credentials);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return request;
    }

    private async Task<SendResult> InterpretAsync(HttpResponseMessage response, SmsMessage message, CancellationToken cancellationToken)
    {
        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        if (response.IsSuccessStatusCode)
        {
            var sid = TryReadString(body, "sid");
            return sid is null ? SendResult.RetryLater(GatewayReasons.ProviderError) : SendResult.Accepted(sid);
        }

        // Error body: {"code": 21211, "message": "...", "more_info": "...", "status": 400}
        // (https://www.twilio.com/docs/usage/twilios-response#response-formats-exceptions).
        // SECURITY: "message" often repeats the phone number, so only "code" is read.
        var code = TryReadInt(body, "code");
        if (TwilioErrorMap.IsConfiguration(response.StatusCode, code))
        {
            GatewayLog.SmsMisconfigured(logger, message.CorrelationId, code is { } c ? $"twilio:{c}" : $"twilio:http_{(int)response.StatusCode}");
        }

        return TwilioErrorMap.ToResult(response.StatusCode, code, RetryAfterHeader.Read(response, time));
    }

    private SendResult NotSent(SmsMessage message, string recipientRef, SendResult result)
    {
        GatewayLog.SmsNotSent(logger, message.CorrelationId, recipientRef, result.Status, result.ReasonCode);
        return result;
    }

    private static string? TryReadString(string json, string property)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty(property, out var value)
                && value.ValueKind == JsonValueKind.String
                ? value.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static int? TryReadInt(string json, string property)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty(property, out var value)
                && value.ValueKind == JsonValueKind.Number
                && value.TryGetInt32(out var number)
                ? number
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
