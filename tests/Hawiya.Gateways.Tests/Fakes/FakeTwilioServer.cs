using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Hawiya.Gateways.Tests.Fakes;

/// <summary>
/// A loopback Twilio Messages API that checks requests as Twilio documents them
/// (https://www.twilio.com/docs/messaging/api/message-resource#create-a-message-resource):
/// basic auth with the account SID and token, the account in the path, a form with an E.164 To,
/// exactly one of From and MessagingServiceSid, a Body of 1 to 1600 characters.
/// </summary>
internal sealed partial class FakeTwilioServer : IAsyncDisposable
{
    public const string AccountSid = "AC0123456789abcdef0123456789abcdef";
    public const string AuthToken = "f00dfacef00dfacef00dfacef00dface";

    private readonly ConcurrentQueue<Reply> _script = new();
    private readonly ConcurrentQueue<IReadOnlyDictionary<string, string>> _accepted = new();
    private readonly HttpClient _callbackClient = new();
    private WebApplication _app = null!;
    private int _requests;

    public string BaseUrl { get; private set; } = string.Empty;

    /// <summary>Requests that reached the server, whatever the answer.</summary>
    public int RequestCount => Volatile.Read(ref _requests);

    /// <summary>Messages answered with 201, i.e. messages Twilio would have charged for.</summary>
    public int AcceptedCount => _accepted.Count;

    public IReadOnlyCollection<IReadOnlyDictionary<string, string>> Accepted => _accepted;

    /// <summary>When set, every request is answered with this error until cleared.</summary>
    public Reply? FailAll { get; set; }

    /// <summary>When set, requests are held open until the client gives up.</summary>
    public bool Hang { get; set; }

    /// <summary>Status-callback posts made (status, HTTP answer of the callback endpoint).</summary>
    public ConcurrentQueue<int> CallbackAnswers { get; } = new();

    public static async Task<FakeTwilioServer> StartAsync()
    {
        var server = new FakeTwilioServer();
        (server._app, server.BaseUrl) = await LoopbackWebServer.StartAsync(app =>
            app.MapPost("/2010-04-01/Accounts/{accountSid}/Messages.json", server.HandleAsync));
        return server;
    }

    /// <summary>Answers the next request with a Twilio error.</summary>
    public void Enqueue(int httpStatus, int twilioCode, TimeSpan? retryAfter = null) =>
        _script.Enqueue(new Reply(httpStatus, twilioCode, retryAfter));

    /// <summary>Answers the next request with a body that is not Twilio's JSON, as a proxy in front of it might.</summary>
    public void EnqueueRaw(int httpStatus, string body) =>
        _script.Enqueue(new Reply(httpStatus, 0, RawBody: body));

    public async ValueTask DisposeAsync()
    {
        _callbackClient.Dispose();
        await _app.DisposeAsync();
    }

    private async Task<IResult> HandleAsync(HttpContext context, string accountSid)
    {
        Interlocked.Increment(ref _requests);
        if (Hang)
        {
            try
            {
                await Task.Delay(Timeout.Infinite, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                // The client gave up, which is what the test wants to see.
            }

            return Results.Empty;
        }

        if (!IsAuthenticated(context.Request))
        {
            return Error(401, 20003, "Authenticate");
        }

        if (accountSid != AccountSid)
        {
            return Error(404, 20404, "The requested resource was not found");
        }

        if (!context.Request.HasFormContentType)
        {
            return Error(400, 21000, "Content-Type must be application/x-www-form-urlencoded");
        }

        var form = await context.Request.ReadFormAsync();
        var fields = form.ToDictionary(f => f.Key, f => f.Value.ToString());
        var to = fields.GetValueOrDefault("To", string.Empty);
        var from = fields.GetValueOrDefault("From");
        var service = fields.GetValueOrDefault("MessagingServiceSid");
        var body = fields.GetValueOrDefault("Body", string.Empty);

        // Twilio's message text for 21211 repeats the number: the client must never log it.
        if (!E164().IsMatch(to))
        {
            return Error(400, 21211, $"The 'To' number {to} is not a valid phone number.");
        }

        if (string.IsNullOrEmpty(from) == string.IsNullOrEmpty(service))
        {
            return Error(400, 21603, "Exactly one of 'From' and 'MessagingServiceSid' is required.");
        }

        if (body.Length == 0)
        {
            return Error(400, 21602, "Message body is required.");
        }

        if (body.Length > 1600)
        {
            return Error(400, 21617, "The concatenated message body exceeds the 1600 character limit.");
        }

        if (fields.TryGetValue("ValidityPeriod", out var validity) && (!int.TryParse(validity, out var seconds) || seconds is < 1 or > 36_000))
        {
            return Error(400, 90007, "Invalid validity period value");
        }

        if ((_script.TryDequeue(out var scripted) ? scripted : FailAll) is { } reply)
        {
            return reply.RawBody is { } raw
                ? Results.Content(raw, "text/html", statusCode: reply.HttpStatus)
                : Error(reply.HttpStatus, reply.TwilioCode, $"Scripted error for {to}", reply.RetryAfter, context);
        }

        var sid = "SM" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        _accepted.Enqueue(fields);
        if (fields.TryGetValue("StatusCallback", out var callback))
        {
            await PostStatusCallbackAsync(callback, sid, fields);
        }

        return Results.Json(
            new Dictionary<string, object?>
            {
                ["account_sid"] = AccountSid,
                ["api_version"] = "2010-04-01",
                ["body"] = body,
                ["date_created"] = DateTimeOffset.UtcNow.ToString("r"),
                ["date_sent"] = null,
                ["direction"] = "outbound-api",
                ["error_code"] = null,
                ["error_message"] = null,
                ["from"] = from,
                ["messaging_service_sid"] = service,
                ["num_segments"] = "1",
                ["sid"] = sid,
                ["status"] = service is null ? "queued" : "accepted",
                ["to"] = to,
                ["uri"] = $"/2010-04-01/Accounts/{AccountSid}/Messages/{sid}.json",
            },
            statusCode: StatusCodes.Status201Created);
    }

    private static bool IsAuthenticated(HttpRequest request)
    {
        if (!AuthenticationHeaderValue.TryParse(request.Headers.Authorization, out var header)
            || header.Scheme != "Basic" || header.Parameter is null)
        {
            return false;
        }

        var expected = Encoding.UTF8.GetBytes($"{AccountSid}:{AuthToken}");
        try
        {
            return CryptographicOperations.FixedTimeEquals(Convert.FromBase64String(header.Parameter), expected);
        }
        catch (FormatException)
        {
            return false;
        }
    }

    /// <summary>Posts a "sent" report signed the way Twilio signs webhooks, independently of the endpoint's validator.</summary>
    private async Task PostStatusCallbackAsync(string url, string sid, Dictionary<string, string> request)
    {
        var report = new Dictionary<string, string>
        {
            ["AccountSid"] = AccountSid,
            ["ApiVersion"] = "2010-04-01",
            ["From"] = request.GetValueOrDefault("From", "+15005550006"),
            ["MessageSid"] = sid,
            ["MessageStatus"] = "sent",
            ["SmsSid"] = sid,
            ["SmsStatus"] = "sent",
            ["To"] = request["To"],
        };
        var signature = Sign(AuthToken, url, report);
        using var message = new HttpRequestMessage(HttpMethod.Post, url) { Content = new FormUrlEncodedContent(report) };
        message.Headers.Add("X-Twilio-Signature", signature);
        using var response = await _callbackClient.SendAsync(message);
        CallbackAnswers.Enqueue((int)response.StatusCode);
    }

    /// <summary>
    /// The X-Twilio-Signature Twilio puts on a webhook
    /// (https://www.twilio.com/docs/usage/webhooks/webhooks-security): Base64(HMAC-SHA1(auth token,
    /// URL + each POST parameter's name and value, sorted by name)).
    /// </summary>
    public static string Sign(string authToken, string url, IEnumerable<KeyValuePair<string, string>> parameters)
    {
        var data = new StringBuilder(url);
        foreach (var (name, value) in parameters.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            data.Append(name).Append(value);
        }

        return Convert.ToBase64String(HMACSHA1.HashData(Encoding.UTF8.GetBytes(authToken), Encoding.UTF8.GetBytes(data.ToString())));
    }

    private static IResult Error(int status, int code, string message, TimeSpan? retryAfter = null, HttpContext? context = null)
    {
        if (retryAfter is { } delay && context is not null)
        {
            context.Response.Headers.RetryAfter = ((int)delay.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return Results.Json(
            new { code, message, more_info = $"https://www.twilio.com/docs/errors/{code}", status },
            statusCode: status);
    }

    [GeneratedRegex(@"^\+[1-9][0-9]{1,14}$")]
    private static partial Regex E164();

    internal sealed record Reply(int HttpStatus, int TwilioCode, TimeSpan? RetryAfter = null, string? RawBody = null);
}
