using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.WebUtilities;

namespace Hawiya.Server.Tests.Oidc;

/// <summary>What the browser ended on: a Hawiya page, or a redirect out of Hawiya.</summary>
public sealed record BrowserStop(HttpStatusCode Status, string Html, Uri? Location)
{
    /// <summary>The response headers of the page (content headers included), by name.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    public IDictionary<string, string> Query => Location is null
        ? new Dictionary<string, string>()
        : QueryHelpers.ParseQuery(Location.Query).ToDictionary(kv => kv.Key, kv => kv.Value.ToString());

    public bool IsPage(string step) => Html.Contains($"name=\"step\" value=\"{step}\"", StringComparison.Ordinal);
}

/// <summary>
/// A browser for the login pages: keeps cookies, follows redirects inside Hawiya and stops at
/// a page or at the redirect back to the client, and posts the pages' forms.
/// </summary>
public sealed partial class Browser : IDisposable
{
    private readonly HttpClient _http;
    private readonly CookieContainer _cookies = new();
    private readonly Uri _issuer;
    private string? _clientId;
    private string? _requestUri;
    private string _lastHtml = string.Empty;

    public Browser(Uri issuer, string? forwardedFor = null)
    {
        _issuer = issuer;
        var handler = forwardedFor is null ? new SocketsHttpHandler() : Abuse.TrustedProxy.Handler();
        handler.AllowAutoRedirect = false;
        handler.UseCookies = true;
        handler.CookieContainer = _cookies;
        _http = new HttpClient(handler) { BaseAddress = issuer };
        if (forwardedFor is not null)
        {
            // A citizen at forwardedFor, behind the trusted proxy (see Abuse/TrustedProxy).
            _http.DefaultRequestHeaders.Add("X-Forwarded-For", forwardedFor);
        }
    }

    /// <summary>The value of the cookie <paramref name="name"/> this browser holds for Hawiya, if any.</summary>
    public string? Cookie(string name) => _cookies.GetCookies(_issuer)[name]?.Value;

    /// <summary>Replaces the cookie <paramref name="name"/>, as a user editing their browser's cookies would.</summary>
    public void SetCookie(string name, string value) => _cookies.Add(_issuer, new Cookie(name, value, "/"));

    /// <summary>HTTP requests this browser has sent to Hawiya, redirects followed included.</summary>
    public int Requests { get; private set; }

    public async Task<BrowserStop> OpenAsync(string pathAndQuery)
    {
        Requests++;
        return await FollowAsync(await _http.GetAsync(pathAndQuery));
    }

    public Task<BrowserStop> PostStepAsync(string step, params (string Name, string Value)[] fields)
    {
        var form = new List<KeyValuePair<string, string>>
        {
            new("client_id", _clientId ?? throw new InvalidOperationException("No login page was opened.")),
            new("request_uri", _requestUri!),
            new("step", step),
        };
        form.AddRange(fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)));
        return PostAsync(form);
    }

    /// <summary>Posts a step to <paramref name="path"/> with this browser's cookies and the request of the last page; the response is not followed.</summary>
    public Task<HttpResponseMessage> SendStepAsync(string path, string step, params (string Name, string Value)[] fields) =>
        _http.PostAsync(path, new FormUrlEncodedContent(
            new[] { ("client_id", _clientId ?? string.Empty), ("request_uri", _requestUri ?? string.Empty), ("step", step) }.Concat(fields)
                .Select(f => new KeyValuePair<string, string>(f.Item1, f.Item2))));

    /// <summary>Follows a response the way the browser follows its own.</summary>
    public Task<BrowserStop> FollowFromAsync(HttpResponseMessage response) => FollowAsync(response);

    private async Task<BrowserStop> PostAsync(IEnumerable<KeyValuePair<string, string>> form)
    {
        var fields = form.ToList();
        var step = fields.FirstOrDefault(f => f.Key == "step").Value;
        Requests++;
        return await FollowAsync(await _http.PostAsync(Hawiya.CitizenApp.LoginForms.ActionOf(_lastHtml, step), new FormUrlEncodedContent(fields)));
    }

    private async Task<BrowserStop> FollowAsync(HttpResponseMessage response)
    {
        for (var hops = 0; hops < 10; hops++)
        {
            var location = response.Headers.Location;
            if (location is null || !IsRedirect(response.StatusCode))
            {
                var html = await response.Content.ReadAsStringAsync();
                Remember(html);
                return new BrowserStop(response.StatusCode, html, null) { Headers = HeadersOf(response) };
            }

            var absolute = location.IsAbsoluteUri ? location : new Uri(_issuer, location);
            if (absolute.Authority != _issuer.Authority)
            {
                return new BrowserStop(response.StatusCode, string.Empty, absolute);
            }

            Requests++;
            response = await _http.GetAsync(absolute);
        }

        throw new InvalidOperationException("Too many redirects.");
    }

    private static Dictionary<string, string> HeadersOf(HttpResponseMessage response) =>
        response.Headers.Concat(response.Content.Headers)
            .ToDictionary(h => h.Key, h => string.Join(", ", h.Value), StringComparer.OrdinalIgnoreCase);

    private void Remember(string html)
    {
        _lastHtml = html;
        if (ClientIdField().Match(html) is { Success: true } client && RequestUriField().Match(html) is { Success: true } request)
        {
            _clientId = WebUtility.HtmlDecode(client.Groups[1].Value);
            _requestUri = WebUtility.HtmlDecode(request.Groups[1].Value);
        }
    }

    private static bool IsRedirect(HttpStatusCode status) => (int)status is >= 300 and < 400;

    public void Dispose() => _http.Dispose();

    [GeneratedRegex("name=\"client_id\" value=\"([^\"]*)\"")]
    private static partial Regex ClientIdField();

    [GeneratedRegex("name=\"request_uri\" value=\"([^\"]*)\"")]
    private static partial Regex RequestUriField();
}

/// <summary>An authorization request with PKCE (RFC 7636 §4), built the way a client builds it.</summary>
public sealed record AuthorizationRequest(string ClientId, string Scope = "openid profile email offline_access")
{
    public string Verifier { get; } = Base64Url(RandomNumberGenerator.GetBytes(32));
    public string State { get; init; } = Base64Url(RandomNumberGenerator.GetBytes(16));
    public string Nonce { get; init; } = Base64Url(RandomNumberGenerator.GetBytes(16));
    public string RedirectUri { get; init; } = OidcServer.RedirectUri;
    public Dictionary<string, string?> Extra { get; init; } = [];

    public string Challenge => Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(Verifier)));

    public Dictionary<string, string?> Parameters(bool withPkce = true)
    {
        var parameters = new Dictionary<string, string?>
        {
            ["client_id"] = ClientId,
            ["redirect_uri"] = RedirectUri,
            ["response_type"] = "code",
            ["scope"] = Scope,
            ["state"] = State,
            ["nonce"] = Nonce,
        };
        if (withPkce)
        {
            parameters["code_challenge"] = Challenge;
            parameters["code_challenge_method"] = "S256";
        }

        foreach (var (key, value) in Extra)
        {
            parameters[key] = value;
        }

        return parameters;
    }

    public string Url(bool withPkce = true) =>
        QueryHelpers.AddQueryString("/connect/authorize", Parameters(withPkce).Where(p => p.Value is not null));

    private static string Base64Url(byte[] bytes) => System.Buffers.Text.Base64Url.EncodeToString(bytes);
}
