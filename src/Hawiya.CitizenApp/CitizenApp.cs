using System.Buffers.Text;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Hawiya.CitizenApp;

/// <summary>
/// The citizen's phone app against a Hawiya server: logs in as the public client
/// <c>citizen-app</c> (authorization code + PKCE, RFC 8252), enrolls its device key, reads the
/// pushes it receives (the development outbox stands in for FCM), and answers them with
/// signed approvals, denials and face attestations.
/// </summary>
public sealed class CitizenApp : IDisposable
{
    public const string ClientId = "citizen-app";

    /// <summary>The app's redirect URI: loopback, as RFC 8252 §7.3 recommends for native apps.</summary>
    public static readonly Uri RedirectUri = new("http://127.0.0.1/app-callback");

    private readonly HttpClient _http;
    private readonly HashSet<string> _answered = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;

    public CitizenApp(Uri server, DeviceKey key, string pushToken, HttpMessageHandler? handler = null, TimeProvider? time = null)
    {
        Key = key;
        PushToken = pushToken;
        _time = time ?? TimeProvider.System;
        _http = handler is null ? new HttpClient { BaseAddress = server } : new HttpClient(handler, disposeHandler: false) { BaseAddress = server };
    }

    public DeviceKey Key { get; }

    /// <summary>The FCM registration token of this app instance.</summary>
    public string PushToken { get; }

    /// <summary>The access token of the app's last login, for the account API.</summary>
    public string? AccessToken { get; set; }

    /// <summary>A fresh FCM-like token for a new app instance.</summary>
    public static string NewPushToken() => "fcm-" + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(24));

    /// <summary>
    /// Logs the app in: builds the authorization request (PKCE S256, state, nonce), lets
    /// <paramref name="browser"/> take the citizen through the login pages to the redirect, checks
    /// the state and redeems the code.
    /// </summary>
    public async Task<AppResponse> SignInAsync(Func<Uri, Task<Uri>> browser, string acrValues = "eidas2", CancellationToken cancellationToken = default)
    {
        var verifier = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        var state = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(16));
        var query = new Dictionary<string, string>
        {
            ["client_id"] = ClientId,
            ["redirect_uri"] = RedirectUri.ToString(),
            ["response_type"] = "code",
            ["scope"] = "openid",
            ["state"] = state,
            ["nonce"] = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(16)),
            ["code_challenge"] = Base64Url.EncodeToString(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))),
            ["code_challenge_method"] = "S256",
            ["acr_values"] = acrValues,
        };
        var authorize = new Uri(_http.BaseAddress!, "/connect/authorize?" + string.Join('&', query.Select(p => p.Key + "=" + Uri.EscapeDataString(p.Value))));
        var callback = await browser(authorize);
        var parameters = ParseQuery(callback.Query);
        if (!parameters.TryGetValue("state", out var returned) || returned != state)
        {
            return new AppResponse(HttpStatusCode.BadRequest, "invalid_state", "The callback's state does not match the request (RFC 6749 §10.12).");
        }

        if (!parameters.TryGetValue("code", out var code))
        {
            return new AppResponse(HttpStatusCode.Unauthorized, parameters.GetValueOrDefault("error"), parameters.GetValueOrDefault("error_description"));
        }

        using var response = await _http.PostAsync(new Uri("/connect/token", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["code"] = code,
            ["redirect_uri"] = RedirectUri.ToString(),
            ["client_id"] = ClientId,
            ["code_verifier"] = verifier,
        }), cancellationToken);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
        if (!response.IsSuccessStatusCode || !body.RootElement.TryGetProperty("access_token", out var token))
        {
            return new AppResponse(response.StatusCode, Text(body.RootElement, "error"), Text(body.RootElement, "error_description"));
        }

        AccessToken = token.GetString();
        return new AppResponse(response.StatusCode);
    }

    /// <summary>Enrolls this device (its public key and push token); needs a login at eidas2 or higher.</summary>
    public Task<AppResponse> EnrollAsync(string label, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Post, "/app/devices", new { label, publicKey = Key.PublicJwk, pushToken = PushToken }, cancellationToken);

    public async Task<IReadOnlyList<EnrolledDevice>> DevicesAsync(CancellationToken cancellationToken = default)
    {
        using var request = Authorized(HttpMethod.Get, "/app/devices");
        using var response = await _http.SendAsync(request, cancellationToken);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<EnrolledDevice[]>(Json, cancellationToken) ?? [];
    }

    public Task<AppResponse> RemoveDeviceAsync(string deviceId, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Delete, "/app/devices/" + Uri.EscapeDataString(deviceId), null, cancellationToken);

    /// <summary>Asks for a code to be sent to a new phone number or address.</summary>
    public Task<AppResponse> StartContactAsync(ContactKind kind, string value, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Post, "/app/contacts/" + Segment(kind), new { value }, cancellationToken);

    public Task<AppResponse> ConfirmContactAsync(ContactKind kind, string code, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Post, "/app/contacts/" + Segment(kind) + "/confirm", new { code }, cancellationToken);

    /// <summary>Turns a method (Password, Sms, Email, Push, Face, …) on or off.</summary>
    public Task<AppResponse> SetMethodEnabledAsync(string method, bool enabled, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Put, "/app/methods/" + Uri.EscapeDataString(method), new { enabled }, cancellationToken);

    /// <summary>The pushes this app instance received, newest first (Development: the server's outbox).</summary>
    public async Task<IReadOnlyList<PushNotification>> ReceivePushesAsync(CancellationToken cancellationToken = default)
    {
        using var response = await _http.GetAsync(new Uri("/dev/outbox?channel=push&to=" + Uri.EscapeDataString(PushToken), UriKind.Relative), cancellationToken);
        response.EnsureSuccessStatusCode();
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
        return body.RootElement.EnumerateArray()
            .Where(m => m.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Object)
            .Select(m =>
            {
                var data = m.GetProperty("data");
                return new PushNotification(
                    Text(data, "kind") ?? string.Empty,
                    Text(data, "sid") ?? string.Empty,
                    Text(data, "cid") ?? string.Empty,
                    Text(data, "provider") ?? string.Empty,
                    m.TryGetProperty("sentAt", out var at) ? at.GetDateTimeOffset() : default)
                {
                    Body = m.TryGetProperty("body", out var text) && text.ValueKind == JsonValueKind.String ? text.GetString()! : string.Empty,
                };
            })
            .ToArray();
    }

    /// <summary>The alerts this app instance received, newest first (pushes of kind <c>alert</c>).</summary>
    public async Task<IReadOnlyList<PushNotification>> ReceiveAlertsAsync(CancellationToken cancellationToken = default) =>
        [.. (await ReceivePushesAsync(cancellationToken)).Where(p => p.Kind == PushNotification.Alert)];

    /// <summary>The newest push of <paramref name="kind"/> not answered yet by this app, or null.</summary>
    public async Task<PushNotification?> PendingAsync(string kind, CancellationToken cancellationToken = default) =>
        (await ReceivePushesAsync(cancellationToken)).FirstOrDefault(p => p.Kind == kind && p.IsChallenge && !_answered.Contains(p.ChallengeId));

    /// <summary>Approves the pending login with the number the citizen read on the login page.</summary>
    public Task<AppResponse> ApprovePendingAsync(string number, CancellationToken cancellationToken = default) =>
        AnswerPendingAsync(PushNotification.Approval, "approve", number, null, cancellationToken);

    /// <summary>"Not me": denies the pending login and reports it (an alert for the citizen, a failed attempt).</summary>
    public async Task<AppResponse> DenyPendingAsync(CancellationToken cancellationToken = default)
    {
        var pending = (await ReceivePushesAsync(cancellationToken)).FirstOrDefault(p => p.IsChallenge && !_answered.Contains(p.ChallengeId));
        return pending is null ? NoPush : await AnswerAsync(pending, "deny", null, null, cancellationToken);
    }

    /// <summary>
    /// Answers the pending face check. The face is compared with the card photo on the phone;
    /// only the outcome, signed by the device key, is sent.
    /// </summary>
    public Task<AppResponse> AttestFacePendingAsync(string? number, bool matched = true, CancellationToken cancellationToken = default) =>
        AnswerPendingAsync(PushNotification.FaceCheck, "face", number, matched, cancellationToken);

    public async Task<AppResponse> AnswerAsync(PushNotification push, string action, string? number, bool? match, CancellationToken cancellationToken = default)
    {
        var result = await SendSignedAnswerAsync(SignAnswer(push, action, number, match), cancellationToken);
        if (result.Succeeded || result.Status == HttpStatusCode.Conflict)
        {
            _answered.Add(push.ChallengeId);
        }

        return result;
    }

    /// <summary>The signed answer to <paramref name="push"/>: a compact JWS over the session, challenge, action and number or match.</summary>
    public string SignAnswer(PushNotification push, string action, string? number, bool? match)
    {
        var payload = new Dictionary<string, object>
        {
            ["sid"] = push.SessionId,
            ["cid"] = push.ChallengeId,
            ["act"] = action,
            ["iat"] = _time.GetUtcNow().ToUnixTimeSeconds(),
        };
        if (number is not null)
        {
            payload["num"] = number;
        }

        if (match is { } matched)
        {
            payload["match"] = matched;
        }

        return Key.Sign(payload);
    }

    /// <summary>Posts a compact JWS as <c>application/jose</c> (RFC 7515 §9.2.1).</summary>
    public async Task<AppResponse> SendSignedAnswerAsync(string compactJws, CancellationToken cancellationToken = default)
    {
        using var content = new StringContent(compactJws, Encoding.ASCII);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/jose");
        using var response = await _http.PostAsync(new Uri("/app/challenges/answer", UriKind.Relative), content, cancellationToken);
        return await ReadAsync(response, cancellationToken);
    }

    private async Task<AppResponse> AnswerPendingAsync(string kind, string action, string? number, bool? match, CancellationToken cancellationToken)
    {
        var pending = await PendingAsync(kind, cancellationToken);
        return pending is null ? NoPush : await AnswerAsync(pending, action, number, match, cancellationToken);
    }

    private static AppResponse NoPush => new(HttpStatusCode.NotFound, "no_push", "No push is waiting for an answer on this device.");

    private async Task<AppResponse> SendAsync(HttpMethod method, string path, object? body, CancellationToken cancellationToken)
    {
        using var request = Authorized(method, path);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        using var response = await _http.SendAsync(request, cancellationToken);
        return await ReadAsync(response, cancellationToken);
    }

    private HttpRequestMessage Authorized(HttpMethod method, string path)
    {
        var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        if (AccessToken is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", AccessToken);
        }

        return request;
    }

    private static async Task<AppResponse> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            return new AppResponse(response.StatusCode);
        }

        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        try
        {
            using var problem = JsonDocument.Parse(text);
            var attempts = problem.RootElement.TryGetProperty("attemptsLeft", out var left) && left.TryGetInt32(out var n) ? n : (int?)null;
            return new AppResponse(response.StatusCode, Text(problem.RootElement, "title"), Text(problem.RootElement, "detail"), attempts);
        }
        catch (JsonException)
        {
            return new AppResponse(response.StatusCode, null, text);
        }
    }

    private static string Segment(ContactKind kind) => kind == ContactKind.Phone ? "phone" : "email";

    private static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static Dictionary<string, string> ParseQuery(string query) =>
        query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2))
            .ToDictionary(p => Uri.UnescapeDataString(p[0]), p => p.Length > 1 ? Uri.UnescapeDataString(p[1].Replace('+', ' ')) : string.Empty);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public void Dispose() => _http.Dispose();
}
