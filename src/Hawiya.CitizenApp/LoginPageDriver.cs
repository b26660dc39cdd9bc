using System.Net;
using System.Text.RegularExpressions;

namespace Hawiya.CitizenApp;

/// <summary>
/// Plays the citizen in Hawiya's server-rendered login pages, as the app's in-app browser tab
/// would: identify, password, a code sent by SMS for the second factor, consent. Returns the
/// redirect to the app's callback. Meant for the simulator and tests, not for real phones.
/// </summary>
public sealed partial class LoginPageDriver(Uri server, HttpMessageHandler? handler = null) : IDisposable
{
    private readonly HttpClient _http = new(handler ?? new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new CookieContainer() })
    {
        BaseAddress = server,
    };

    private string _clientId = string.Empty;
    private string _requestUri = string.Empty;

    /// <summary>The last page shown (HTML), for diagnosis when a login stops somewhere unexpected.</summary>
    public string LastPage { get; private set; } = string.Empty;

    /// <summary>
    /// Logs in with the password and, if the level asks for more, a code by SMS read by
    /// <paramref name="smsCode"/>. Returns the redirect out of Hawiya (the callback with the code).
    /// </summary>
    public async Task<Uri> PasswordAndSmsAsync(Uri authorizeUrl, string nationalNumber, string password, Func<Task<string>> smsCode, CancellationToken cancellationToken = default)
    {
        var stop = await FollowAsync(await _http.GetAsync(authorizeUrl, cancellationToken), cancellationToken);
        stop ??= await StepAsync("identify", [("national_number", nationalNumber)], cancellationToken);
        stop ??= await StepAsync("method", [("method", "Password")], cancellationToken);
        stop ??= await StepAsync("password", [("password", password)], cancellationToken);
        if (stop is null && LastPage.Contains("value=\"Sms\"", StringComparison.Ordinal))
        {
            stop = await StepAsync("method", [("method", "Sms")], cancellationToken);
            stop ??= await StepAsync("code", [("code", await smsCode())], cancellationToken);
        }

        if (stop is null && LastPage.Contains("value=\"consent\"", StringComparison.Ordinal))
        {
            stop = await StepAsync("consent", [("decision", "accept")], cancellationToken);
        }

        return stop ?? throw new InvalidOperationException("The login did not reach the callback; see LastPage.");
    }

    /// <summary>Posts one step of the login pages; returns the redirect out of Hawiya, or null when a page is shown.</summary>
    public async Task<Uri?> StepAsync(string step, (string Name, string Value)[] fields, CancellationToken cancellationToken = default)
    {
        var form = new List<KeyValuePair<string, string>> { new("client_id", _clientId), new("request_uri", _requestUri), new("step", step) };
        form.AddRange(fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)));
        return await FollowAsync(await _http.PostAsync(new Uri(LoginForms.ActionOf(LastPage, step), UriKind.Relative), new FormUrlEncodedContent(form), cancellationToken), cancellationToken);
    }

    private async Task<Uri?> FollowAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        for (var hops = 0; hops < 10; hops++)
        {
            if (response.Headers.Location is not { } location || (int)response.StatusCode is < 300 or >= 400)
            {
                LastPage = await response.Content.ReadAsStringAsync(cancellationToken);
                if (ClientIdField().Match(LastPage) is { Success: true } client && RequestUriField().Match(LastPage) is { Success: true } request)
                {
                    _clientId = WebUtility.HtmlDecode(client.Groups[1].Value);
                    _requestUri = WebUtility.HtmlDecode(request.Groups[1].Value);
                }

                return null;
            }

            var absolute = location.IsAbsoluteUri ? location : new Uri(_http.BaseAddress!, location);
            if (absolute.Authority != _http.BaseAddress!.Authority)
            {
                return absolute;
            }

            response = await _http.GetAsync(absolute, cancellationToken);
        }

        throw new InvalidOperationException("Too many redirects.");
    }

    public void Dispose() => _http.Dispose();

    [GeneratedRegex("name=\"client_id\" value=\"([^\"]*)\"")]
    private static partial Regex ClientIdField();

    [GeneratedRegex("name=\"request_uri\" value=\"([^\"]*)\"")]
    private static partial Regex RequestUriField();
}
