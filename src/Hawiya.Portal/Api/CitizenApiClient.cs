using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Authentication;

namespace Hawiya.Portal.Api;

/// <summary>
/// Calls Hawiya's citizen API with the access token of the portal session (RFC 6750 §2.1) and
/// turns its refusals (RFC 6750 §3, RFC 9470, RFC 9457) into what the page should do.
/// </summary>
internal sealed partial class CitizenApiClient(HttpClient http, IHttpContextAccessor accessor)
{
    public const string HttpClientName = "citizen-api";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public Task<ApiResult<CitizenProfile>> ProfileAsync() => SendAsync<CitizenProfile>(HttpMethod.Get, "profile");

    public Task<ApiResult<Activity>> ActivityAsync(long? before) =>
        SendAsync<Activity>(HttpMethod.Get, before is { } b ? $"activity?before={b.ToString(CultureInfo.InvariantCulture)}" : "activity");

    public Task<ApiResult<ConsentInfo[]>> ConsentsAsync() => SendAsync<ConsentInfo[]>(HttpMethod.Get, "consents");

    public Task<ApiResult<JsonElement>> RevokeConsentAsync(string clientId) =>
        SendAsync<JsonElement>(HttpMethod.Delete, "consents/" + Uri.EscapeDataString(clientId));

    public Task<ApiResult<CitizenProfile>> SetMethodAsync(string method, bool enabled) =>
        SendAsync<CitizenProfile>(HttpMethod.Put, "methods/" + Uri.EscapeDataString(method), new { enabled });

    public Task<ApiResult<DeviceInfo[]>> DevicesAsync() => SendAsync<DeviceInfo[]>(HttpMethod.Get, "devices");

    public Task<ApiResult<DeviceInfo[]>> RemoveDeviceAsync(string deviceId) =>
        SendAsync<DeviceInfo[]>(HttpMethod.Delete, "devices/" + Uri.EscapeDataString(deviceId));

    public Task<ApiResult<CitizenProfile>> ChangeStatusAsync(bool activate) =>
        SendAsync<CitizenProfile>(HttpMethod.Post, activate ? "identity/activate" : "identity/deactivate", new { });

    public Task<ApiResult<JsonElement>> ReportCardAsync(string cardKey, string cause) =>
        SendAsync<JsonElement>(HttpMethod.Post, $"cards/{Uri.EscapeDataString(cardKey)}/report", new { cause });

    public Task<ApiResult<JsonElement>> NotMeAsync() => SendAsync<JsonElement>(HttpMethod.Post, "not-me", new { });

    public Task<ApiResult<AlertPreferences>> AlertsAsync() => SendAsync<AlertPreferences>(HttpMethod.Get, "alerts");

    public Task<ApiResult<AlertPreferences>> SetAlertsAsync(AlertPreferences preferences) =>
        SendAsync<AlertPreferences>(HttpMethod.Put, "alerts", preferences);

    private async Task<ApiResult<T>> SendAsync<T>(HttpMethod method, string path, object? body = null)
    {
        var context = accessor.HttpContext ?? throw new InvalidOperationException("The citizen API is called while serving a request.");
        var token = await context.GetTokenAsync("access_token");
        if (string.IsNullOrEmpty(token))
        {
            return new(default, new ApiRefusal(ApiRefusalKind.LoginNeeded, "login_required", null));
        }

        using var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (body is not null)
        {
            request.Content = JsonContent.Create(body, body.GetType(), options: Json);
        }

        using var response = await http.SendAsync(request, context.RequestAborted);
        if (response.IsSuccessStatusCode)
        {
            // 202 and 204 carry no body.
            return response.StatusCode is HttpStatusCode.Accepted or HttpStatusCode.NoContent
                ? new(default, null)
                : new(await response.Content.ReadFromJsonAsync<T>(Json, context.RequestAborted), null);
        }

        return new(default, await RefusalAsync(response, context.RequestAborted));
    }

    private static async Task<ApiRefusal> RefusalAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var challenge = string.Join(", ", response.Headers.WwwAuthenticate.Select(h => h.ToString()));
        if (Parameter(challenge, "error") == "insufficient_user_authentication")
        {
            var maxAge = long.TryParse(Parameter(challenge, "max_age"), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
                ? TimeSpan.FromSeconds(seconds)
                : (TimeSpan?)null;
            return new ApiRefusal(ApiRefusalKind.StepUpNeeded, "insufficient_user_authentication", null, Parameter(challenge, "acr_values"), maxAge);
        }

        if (response.StatusCode == HttpStatusCode.Unauthorized)
        {
            return new ApiRefusal(ApiRefusalKind.LoginNeeded, Parameter(challenge, "error") ?? "login_required", null);
        }

        string title = ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture);
        string? detail = null;
        if (response.Content.Headers.ContentType?.MediaType is "application/problem+json" or "application/json")
        {
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Json, cancellationToken);
            title = problem.TryGetProperty("title", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString()! : title;
            detail = problem.TryGetProperty("detail", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString() : null;
        }

        return new ApiRefusal(ApiRefusalKind.Refused, title, detail);
    }

    /// <summary>One auth-param of a challenge (RFC 9110 §11.2), quoted or not.</summary>
    private static string? Parameter(string challenge, string name)
    {
        foreach (Match match in AuthParam().Matches(challenge))
        {
            if (match.Groups["name"].Value.Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                return match.Groups["quoted"].Success ? match.Groups["quoted"].Value : match.Groups["token"].Value;
            }
        }

        return null;
    }

    [GeneratedRegex("""(?<name>[A-Za-z0-9_]+)=(?:"(?<quoted>[^"]*)"|(?<token>[^\s,]+))""")]
    private static partial Regex AuthParam();
}
