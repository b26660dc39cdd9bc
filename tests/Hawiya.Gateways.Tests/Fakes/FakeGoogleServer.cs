using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Hawiya.Gateways.Tests.Fakes;

/// <summary>
/// A loopback Google OAuth token endpoint and FCM HTTP v1 send endpoint.
/// The token endpoint checks the jwt-bearer grant as Google documents it
/// (https://developers.google.com/identity/protocols/oauth2/service-account#authorizingrequests):
/// an RS256 JWT signed by the service account's key, iss = client_email, aud = Google's token URL,
/// scope including firebase.messaging, at most an hour long. The send endpoint checks the bearer
/// token and the Message JSON (https://firebase.google.com/docs/reference/fcm/rest/v1/projects.messages).
/// </summary>
internal sealed class FakeGoogleServer : IAsyncDisposable
{
    public const string FirebaseScope = "https://www.googleapis.com/auth/firebase.messaging";

    /// <summary>Google: "aud: the value is always https://oauth2.googleapis.com/token", wherever the JWT is posted.</summary>
    public const string GoogleTokenAudience = "https://oauth2.googleapis.com/token";

    private readonly ConcurrentDictionary<string, bool> _liveTokens = new();
    private readonly ConcurrentQueue<Reply> _script = new();
    private readonly ConcurrentQueue<JsonObject> _delivered = new();
    private readonly ConcurrentQueue<DateTimeOffset> _sendTimes = new();
    private readonly TimeProvider _time;
    private WebApplication _app = null!;
    private int _tokenRequests;
    private int _sendRequests;

    private FakeGoogleServer(TimeProvider time) => _time = time;

    public string BaseUrl { get; private set; } = string.Empty;

    public string TokenUrl => BaseUrl + "/token";

    public int TokenRequests => Volatile.Read(ref _tokenRequests);

    public int SendRequests => Volatile.Read(ref _sendRequests);

    /// <summary>The (fake) time at which each send request arrived.</summary>
    public IReadOnlyCollection<DateTimeOffset> SendTimes => _sendTimes;

    /// <summary>Messages FCM accepted, as sent (the "message" object).</summary>
    public IReadOnlyCollection<JsonObject> Delivered => _delivered;

    /// <summary>When set, token requests are answered with this status and <see cref="TokenEndpointFailureBody"/>.</summary>
    public int? TokenEndpointFailure { get; set; }

    /// <summary>Body of those answers; empty when null (as from a proxy's error page).</summary>
    public string? TokenEndpointFailureBody { get; set; }

    /// <summary>When set, token requests are held open until the client gives up.</summary>
    public bool HangTokenEndpoint { get; set; }

    /// <summary>Device tokens whose app was uninstalled: 404 UNREGISTERED.</summary>
    public ConcurrentDictionary<string, bool> UnregisteredTokens { get; } = new();

    /// <summary>Strings that are not registration tokens at all: 400 INVALID_ARGUMENT.</summary>
    public ConcurrentDictionary<string, bool> MalformedTokens { get; } = new();

    public static async Task<FakeGoogleServer> StartAsync(TimeProvider time)
    {
        var server = new FakeGoogleServer(time);
        (server._app, server.BaseUrl) = await LoopbackWebServer.StartAsync(app =>
        {
            app.MapPost("/token", (Delegate)server.IssueTokenAsync);
            app.MapPost("/v1/projects/{projectId}/messages:send", server.SendAsync);
        });
        return server;
    }

    /// <summary>Answers the next send with an error (google.rpc.Status with an FcmError detail).</summary>
    public void Enqueue(int httpStatus, string status, string? fcmErrorCode, TimeSpan? retryAfter = null) =>
        _script.Enqueue(new Reply(httpStatus, status, fcmErrorCode, retryAfter));

    /// <summary>Revokes every access token issued so far, as a key rotation would.</summary>
    public void RevokeIssuedTokens() => _liveTokens.Clear();

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    private async Task<IResult> IssueTokenAsync(HttpContext context)
    {
        Interlocked.Increment(ref _tokenRequests);
        if (TokenEndpointFailure is { } failure)
        {
            return TokenEndpointFailureBody is null
                ? Results.StatusCode(failure)
                : Results.Text(TokenEndpointFailureBody, "application/json", Encoding.UTF8, failure);
        }

        if (HangTokenEndpoint)
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

        var form = await context.Request.ReadFormAsync();
        if (form["grant_type"] != "urn:ietf:params:oauth:grant-type:jwt-bearer")
        {
            return OAuthError("unsupported_grant_type", "Only the JWT bearer grant is accepted.");
        }

        if (VerifyAssertion(form["assertion"].ToString()) is { } problem)
        {
            return OAuthError("invalid_grant", problem);
        }

        var token = "ya29.fake-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        _liveTokens[token] = true;
        return Results.Json(new { access_token = token, expires_in = 3599, token_type = "Bearer" });
    }

    private string? VerifyAssertion(string assertion)
    {
        var parts = assertion.Split('.');
        if (parts.Length != 3)
        {
            return "not a JWS compact serialization";
        }

        using var header = JsonDocument.Parse(Base64Url(parts[0]));
        if (header.RootElement.GetProperty("alg").GetString() != "RS256")
        {
            return "alg must be RS256";
        }

        if (header.RootElement.TryGetProperty("kid", out var kid) && kid.GetString() != ServiceAccountFixture.KeyId)
        {
            return "unknown kid";
        }

        var signed = Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]);
        if (!ServiceAccountFixture.Key.VerifyData(signed, Base64Url(parts[2]), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1))
        {
            return "Invalid JWT Signature.";
        }

        using var payload = JsonDocument.Parse(Base64Url(parts[1]));
        var claims = payload.RootElement;
        var now = _time.GetUtcNow().ToUnixTimeSeconds();
        var iat = claims.GetProperty("iat").GetInt64();
        var exp = claims.GetProperty("exp").GetInt64();
        var scopes = claims.GetProperty("scope").GetString()?.Split(' ') ?? [];
        return claims.GetProperty("iss").GetString() != ServiceAccountFixture.ClientEmail ? "iss is not the service account"
            : claims.GetProperty("aud").GetString() != GoogleTokenAudience ? "aud is not Google's token endpoint"
            : !scopes.Contains(FirebaseScope) ? "scope lacks firebase.messaging"
            : iat > now + 60 || exp <= now || exp - iat > 3600 ? "iat/exp out of range"
            : null;
    }

    private async Task<IResult> SendAsync(HttpContext context, string projectId)
    {
        Interlocked.Increment(ref _sendRequests);
        _sendTimes.Enqueue(_time.GetUtcNow());
        var authorization = context.Request.Headers.Authorization.ToString();
        if (!authorization.StartsWith("Bearer ", StringComparison.Ordinal) || !_liveTokens.ContainsKey(authorization["Bearer ".Length..]))
        {
            return RpcError(401, "UNAUTHENTICATED", null, "Request had invalid authentication credentials.");
        }

        if (projectId != ServiceAccountFixture.ProjectId)
        {
            return RpcError(404, "NOT_FOUND", null, "Requested entity was not found.");
        }

        var body = await JsonNode.ParseAsync(context.Request.Body) as JsonObject;
        if (body?["message"] is not JsonObject message)
        {
            return RpcError(400, "INVALID_ARGUMENT", null, "Invalid message", badField: "message");
        }

        if (ValidateMessage(message) is { } field)
        {
            return RpcError(400, "INVALID_ARGUMENT", null, $"Invalid value at '{field}'", badField: field);
        }

        var token = message["token"]!.GetValue<string>();
        if (UnregisteredTokens.ContainsKey(token))
        {
            return RpcError(404, "NOT_FOUND", "UNREGISTERED", "Requested entity was not found.");
        }

        if (MalformedTokens.ContainsKey(token))
        {
            return RpcError(400, "INVALID_ARGUMENT", "INVALID_ARGUMENT", "The registration token is not a valid FCM registration token");
        }

        if (_script.TryDequeue(out var reply))
        {
            if (reply.RetryAfter is { } delay)
            {
                context.Response.Headers.RetryAfter = ((int)delay.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            return RpcError(reply.HttpStatus, reply.Status, reply.FcmErrorCode, "Scripted error");
        }

        _delivered.Enqueue(message);
        return Results.Json(new { name = $"projects/{projectId}/messages/0:{Guid.NewGuid():N}" });
    }

    /// <summary>The first invalid field of the message, or null.</summary>
    private static string? ValidateMessage(JsonObject message)
    {
        var targets = new[] { "token", "topic", "condition" }.Count(message.ContainsKey);
        if (targets != 1 || message["token"] is not JsonValue token || token.GetValue<string>().Length == 0)
        {
            return "message.token";
        }

        if (message["notification"] is { } notification
            && (notification is not JsonObject n || n.Any(p => p.Key is not ("title" or "body" or "image") || p.Value is not JsonValue)))
        {
            return "message.notification";
        }

        if (message["data"] is { } data
            && (data is not JsonObject d || d.Any(p => p.Value is not JsonValue v || v.GetValueKind() != JsonValueKind.String
                                                     || p.Key is "from" or "message_type" || p.Key.StartsWith("google", StringComparison.Ordinal)
                                                     || p.Key.StartsWith("gcm", StringComparison.Ordinal))))
        {
            return "message.data";
        }

        if (message["android"] is JsonObject android
            && (android["ttl"] is JsonValue ttl && !System.Text.RegularExpressions.Regex.IsMatch(ttl.GetValue<string>(), @"^\d+(\.\d{1,9})?s$")
                || android["priority"] is JsonValue priority && priority.GetValue<string>() is not ("NORMAL" or "HIGH")))
        {
            return "message.android";
        }

        if (message["apns"] is JsonObject apns && apns["headers"] is JsonObject headers
            && headers.Any(h => h.Value is not JsonValue v || v.GetValueKind() != JsonValueKind.String))
        {
            return "message.apns.headers";
        }

        return null;
    }

    private static IResult OAuthError(string error, string description) =>
        Results.Json(new { error, error_description = description }, statusCode: 400);

    private static IResult RpcError(int code, string status, string? fcmErrorCode, string message, string? badField = null)
    {
        var details = new JsonArray();
        if (fcmErrorCode is not null)
        {
            details.Add(new JsonObject { ["@type"] = "type.googleapis.com/google.firebase.fcm.v1.FcmError", ["errorCode"] = fcmErrorCode });
        }

        if (badField is not null)
        {
            details.Add(new JsonObject
            {
                ["@type"] = "type.googleapis.com/google.rpc.BadRequest",
                ["fieldViolations"] = new JsonArray(new JsonObject { ["field"] = badField, ["description"] = message }),
            });
        }

        var error = new JsonObject { ["code"] = code, ["message"] = message, ["status"] = status, ["details"] = details };
        return Results.Text(new JsonObject { ["error"] = error }.ToJsonString(), "application/json", Encoding.UTF8, code);
    }

    private static byte[] Base64Url(string text)
    {
        var padded = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(padded.PadRight(padded.Length + ((4 - (padded.Length % 4)) % 4), '='));
    }

    private sealed record Reply(int HttpStatus, string Status, string? FcmErrorCode, TimeSpan? RetryAfter);
}
