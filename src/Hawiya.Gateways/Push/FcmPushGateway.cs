using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Google.Apis.Auth.OAuth2.Responses;
using Hawiya.Gateways.Diagnostics;
using Hawiya.Gateways.Resilience;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Hawiya.Gateways.Push;

/// <summary>
/// Sends push notifications with FCM HTTP v1: <c>POST {base}/v1/projects/{projectId}/messages:send</c>
/// with a service-account bearer token
/// (https://firebase.google.com/docs/reference/fcm/rest/v1/projects.messages/send).
/// </summary>
public sealed class FcmPushGateway : IPushGateway
{
    /// <summary>Name of the HttpClient (and its resilience pipeline) used for FCM sends.</summary>
    public const string HttpClientName = "Hawiya.Gateways.Fcm";

    private readonly IHttpClientFactory _httpClientFactory;
    private readonly FcmAccessTokenSource _tokens;
    private readonly FcmOptions _settings;
    private readonly TimeSpan _budget;
    private readonly Uri _sendUri;
    private readonly TimeProvider _time;
    private readonly ILogger<FcmPushGateway> _logger;

    internal FcmPushGateway(
        IHttpClientFactory httpClientFactory,
        FcmAccessTokenSource tokens,
        IOptions<FcmOptions> options,
        IOptions<GatewayResilienceOptions> resilience,
        TimeProvider time,
        ILogger<FcmPushGateway> logger)
    {
        _httpClientFactory = httpClientFactory;
        _tokens = tokens;
        _settings = options.Value;
        _budget = resilience.Value.TotalTimeout;
        _time = time;
        _logger = logger;
        var baseUri = new Uri(_settings.BaseUrl.TrimEnd('/') + "/", UriKind.Absolute);
        _sendUri = new Uri(baseUri, $"v1/projects/{Uri.EscapeDataString(_settings.ProjectId)}/messages:send");
    }

    /// <inheritdoc />
    public async Task<PushSendResult> SendAsync(PushMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        var deviceRef = RecipientRef.For(message.DeviceToken);
        if (message.Problem() is { } problem)
        {
            return NotSent(message, deviceRef, PushSendResult.Rejected(problem));
        }

        // One send may take a token fetch, a send, a refresh and a resend, each in its own
        // pipeline; this budget caps them together so the login page never waits longer than
        // the configured total timeout.
        using var budget = new CancellationTokenSource(_budget, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, budget.Token);
        PushSendResult result;
        try
        {
            result = await SendWithTokenAsync(message, linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (budget.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            result = PushSendResult.RetryLater(GatewayReasons.Timeout);
        }
        catch (Exception exception) when (exception is FcmTokenUnavailableException
                                          || (exception is TokenResponseException { StatusCode: var code }
                                              && (code == HttpStatusCode.TooManyRequests || (int?)code >= 500)))
        {
            // The token endpoint is overloaded or down (after our pipeline's retries).
            GatewayLog.PushTokenUnavailable(_logger, message.CorrelationId, "fcm:token_unavailable");
            result = PushSendResult.RetryLater("fcm:token_unavailable");
        }
        catch (TokenResponseException exception)
        {
            // The token endpoint answered with an OAuth error (RFC 6749 §5.2), e.g. invalid_grant
            // for a deleted key: a configuration problem, not a passing one.
            var reason = $"fcm:auth_{exception.Error?.Error ?? "error"}";
            GatewayLog.PushTokenUnavailable(_logger, message.CorrelationId, reason);
            result = PushSendResult.Rejected(reason);
        }
        catch (Exception exception) when (GatewayFailure.Classify(exception, cancellationToken, _logger, message.CorrelationId) is { } reason)
        {
            result = PushSendResult.RetryLater(reason);
        }

        if (result.IsAccepted)
        {
            GatewayLog.PushAccepted(_logger, message.CorrelationId, deviceRef, result.ProviderMessageId!);
            return result;
        }

        return NotSent(message, deviceRef, result);
    }

    private async Task<PushSendResult> SendWithTokenAsync(PushMessage message, CancellationToken cancellationToken)
    {
        var payload = BuildPayload(message);
        var token = await _tokens.GetTokenAsync(cancellationToken).ConfigureAwait(false);
        var (status, body, retryAfter) = await PostAsync(payload, token, cancellationToken).ConfigureAwait(false);

        var error = status is null ? null : FcmError.Parse(body);
        if (status is { } httpStatus && error!.IsOurTokenRejected(httpStatus))
        {
            // One refresh only: a second 401 means the service account lacks the permission, and
            // looping would hammer the token endpoint.
            token = await _tokens.RefreshAsync(token, cancellationToken).ConfigureAwait(false);
            GatewayLog.PushTokenRefreshed(_logger, message.CorrelationId);
            (status, body, retryAfter) = await PostAsync(payload, token, cancellationToken).ConfigureAwait(false);
            error = status is null ? null : FcmError.Parse(body);
        }

        if (status is null)
        {
            // Success body: {"name": "projects/{p}/messages/{id}"}.
            return ReadName(body) is { } name ? PushSendResult.Accepted(name) : PushSendResult.RetryLater(GatewayReasons.ProviderError);
        }

        return error!.ToResult(status.Value, retryAfter);
    }

    /// <summary>Null status for success; otherwise the error status, body and Retry-After.</summary>
    private async Task<(HttpStatusCode? Status, string Body, TimeSpan? RetryAfter)> PostAsync(
        JsonObject payload, string accessToken, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, _sendUri)
        {
            Content = JsonContent.Create(payload),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        using var response = await _httpClientFactory.CreateClient(HttpClientName)
            .SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken)
            .ConfigureAwait(false);
        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        return response.IsSuccessStatusCode
            ? (null, body, null)
            : (response.StatusCode, body, RetryAfterHeader.Read(response, _time));
    }

    /// <summary>
    /// The v1 Message resource (https://firebase.google.com/docs/reference/fcm/rest/v1/projects.messages):
    /// a notification for the OS to show, data for the app, and per-platform expiry and priority so
    /// a stale login challenge is dropped rather than shown late.
    /// </summary>
    private JsonObject BuildPayload(PushMessage message)
    {
        var ttl = message.TimeToLive ?? _settings.DefaultTimeToLive;
        var ttlSeconds = (long)Math.Ceiling(ttl.TotalSeconds);
        var data = new JsonObject();
        foreach (var (key, value) in message.Data ?? new Dictionary<string, string>())
        {
            data[key] = value;
        }

        var inner = new JsonObject
        {
            ["token"] = message.DeviceToken,
            ["notification"] = new JsonObject { ["title"] = message.Title, ["body"] = message.Body },
            // AndroidConfig.ttl is a protobuf Duration in JSON form: seconds with an "s" suffix.
            ["android"] = new JsonObject
            {
                ["ttl"] = ttlSeconds.ToString(CultureInfo.InvariantCulture) + "s",
                ["priority"] = "HIGH",
            },
            // APNs expiry is an absolute UNIX time; priority 10 is "deliver immediately"
            // (https://developer.apple.com/documentation/usernotifications/sending-notification-requests-to-apns).
            ["apns"] = new JsonObject
            {
                ["headers"] = new JsonObject
                {
                    ["apns-expiration"] = (_time.GetUtcNow().ToUnixTimeSeconds() + ttlSeconds).ToString(CultureInfo.InvariantCulture),
                    ["apns-priority"] = "10",
                },
            },
        };
        if (data.Count > 0)
        {
            inner["data"] = data;
        }

        return new JsonObject { ["message"] = inner };
    }

    private PushSendResult NotSent(PushMessage message, string deviceRef, PushSendResult result)
    {
        GatewayLog.PushNotSent(_logger, message.CorrelationId, deviceRef, result.Status, result.ReasonCode);
        return result;
    }

    private static string? ReadName(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("name", out var name)
                && name.ValueKind == JsonValueKind.String
                ? name.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
