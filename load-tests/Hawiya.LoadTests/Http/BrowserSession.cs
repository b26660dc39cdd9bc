using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace Hawiya.LoadTests.Http;

/// <summary>
/// One virtual browser: a target silo and its own cookie jar over the run's shared connection
/// pool. A whole login stays on one silo because the development outbox that holds its SMS code
/// lives in the memory of the silo that sent it.
/// </summary>
public sealed class BrowserSession(HttpClient http, Uri target)
{
    private readonly CookieContainer _cookies = new();

    public Uri Target => target;

    public Task<HttpReply> GetAsync(string pathAndQuery, CancellationToken cancellationToken, AuthenticationHeaderValue? authorization = null) =>
        SendAsync(HttpMethod.Get, pathAndQuery, null, authorization, cancellationToken);

    public Task<HttpReply> PostFormAsync(
        string path, IEnumerable<KeyValuePair<string, string>> fields, CancellationToken cancellationToken, AuthenticationHeaderValue? authorization = null) =>
        SendAsync(HttpMethod.Post, path, new FormUrlEncodedContent(fields), authorization, cancellationToken);

    /// <summary>
    /// client_secret_basic (RFC 6749 §2.3.1): id and secret are form-encoded before base64.
    /// </summary>
    public static AuthenticationHeaderValue ClientSecretBasic(string clientId, string secret) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{FormEncode(clientId)}:{FormEncode(secret)}")));

    public static AuthenticationHeaderValue Bearer(string token) => new("Bearer", token);

    /// <summary>
    /// The path and query of a redirect, to be requested on this session's own silo: the server
    /// builds absolute URLs from its configured issuer, which names one silo only.
    /// </summary>
    public static string LocalPart(string location) =>
        !location.StartsWith('/') && Uri.TryCreate(location, UriKind.Absolute, out var absolute) ? absolute.PathAndQuery : location;

    private async Task<HttpReply> SendAsync(
        HttpMethod method, string pathAndQuery, HttpContent? content, AuthenticationHeaderValue? authorization, CancellationToken cancellationToken)
    {
        var uri = new Uri(target, pathAndQuery);
        using var request = new HttpRequestMessage(method, uri) { Content = content };
        request.Headers.Authorization = authorization;
        var cookies = _cookies.GetCookieHeader(uri);
        if (cookies.Length > 0)
        {
            request.Headers.TryAddWithoutValidation("Cookie", cookies);
        }

        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
        if (response.Headers.TryGetValues("Set-Cookie", out var setCookies))
        {
            foreach (var setCookie in setCookies)
            {
                _cookies.SetCookies(uri, setCookie);
            }
        }

        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        return new HttpReply(response.StatusCode, response.Headers.Location?.OriginalString, response.Content.Headers.ContentType?.MediaType, body);
    }

    private static string FormEncode(string value) => Uri.EscapeDataString(value).Replace("%20", "+", StringComparison.Ordinal);
}
