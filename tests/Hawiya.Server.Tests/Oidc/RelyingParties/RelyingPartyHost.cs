using System.Net;
using Hawiya.Contracts.Common;
using Hawiya.Server.Operators;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Hawiya.Server.Tests.Oidc.RelyingParties;

/// <summary>
/// A relying-party web app on its own loopback port, registered with Hawiya as an accredited
/// provider, and a user agent that carries its cookies across both sites.
/// </summary>
public sealed class RelyingPartyHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private RelyingPartyHost(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
        UserAgent = new HttpClient(new LoopbackSecureCookies { InnerHandler = new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false } }) { BaseAddress = address };
    }

    public Uri Address { get; }

    /// <summary>The relying party's side of the browser (its own cookies).</summary>
    public HttpClient UserAgent { get; }

    public static async Task<RelyingPartyHost> StartAsync(OidcServer server, string clientId, string callbackPath,
        Action<IServiceCollection, Uri> configure, Action<WebApplication> map, Func<ProviderSeed, ProviderSeed>? register = null)
    {
        var port = TestDatabase.FreePort();
        var address = new Uri($"http://127.0.0.1:{port}/");
        var seed = new ProviderSeed(clientId, "RP " + clientId, [new Uri(address, callbackPath).ToString()],
            ["openid", "profile", "email"], [AuthMethod.Password, AuthMethod.Sms],
            Sector: clientId + ".example.ma", ClientSecret: OidcServer.ClientSecret);
        var report = await server.Seeding.SeedProvidersAsync([register is null ? seed : register(seed)], CancellationToken.None);
        Assert.Empty(report.Failures);

        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = Environments.Development });
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, port));
        builder.Services.AddAuthorization();
        configure(builder.Services, address);
        var app = builder.Build();
        // Both, in this order: calling one alone lets the host add the other ahead of it.
        app.UseAuthentication();
        app.UseAuthorization();
        map(app);
        await app.StartAsync();
        return new RelyingPartyHost(app, address);
    }

    /// <summary>Posts a response_mode=form_post page (OAuth 2.0 Form Post Response Mode) the way its script would.</summary>
    public async Task<HttpResponseMessage> SubmitFormPostAsync(string html)
    {
        var action = System.Text.RegularExpressions.Regex.Match(html, "action=\"([^\"]+)\"").Groups[1].Value;
        var fields = System.Text.RegularExpressions.Regex.Matches(html, "name=\"([^\"]+)\" value=\"([^\"]*)\"")
            .Select(m => new KeyValuePair<string, string>(m.Groups[1].Value, WebUtility.HtmlDecode(m.Groups[2].Value)));
        var response = await UserAgent.PostAsync(WebUtility.HtmlDecode(action), new FormUrlEncodedContent(fields));
        return response.Headers.Location is { } location ? (await VisitAsync(new Uri(Address, location), new Uri("http://hawiya.invalid/"))).Response : response;
    }

    /// <summary>Follows the relying party's redirects until it sends the browser to Hawiya, or answers.</summary>
    public async Task<(Uri? Hawiya, HttpResponseMessage Response)> VisitAsync(Uri url, Uri issuer)
    {
        var response = await UserAgent.GetAsync(url);
        for (var hops = 0; hops < 5 && response.Headers.Location is { } location; hops++)
        {
            var next = location.IsAbsoluteUri ? location : new Uri(Address, location);
            if (next.Authority == issuer.Authority)
            {
                return (next, response);
            }

            response = await UserAgent.GetAsync(next);
        }

        return (null, response);
    }

    public async ValueTask DisposeAsync()
    {
        UserAgent.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>
/// Browsers treat http://127.0.0.1 as a secure context and keep Secure cookies there;
/// .NET's cookie container does not, so the test user agent drops the attribute on loopback.
/// </summary>
internal sealed class LoopbackSecureCookies : DelegatingHandler
{
    // A browser keeps ASP.NET's 4 KB cookie chunks; the container's default limit would drop them.
    private readonly CookieContainer _cookies = new() { MaxCookieSize = 64 * 1024 };

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var header = _cookies.GetCookieHeader(request.RequestUri!);
        if (header.Length > 0)
        {
            request.Headers.Add("Cookie", header);
        }

        var response = await base.SendAsync(request, cancellationToken);
        if (response.Headers.TryGetValues("Set-Cookie", out var cookies))
        {
            foreach (var cookie in cookies)
            {
                _cookies.SetCookies(request.RequestUri!, System.Text.RegularExpressions.Regex.Replace(cookie, ";\\s*secure", string.Empty, System.Text.RegularExpressions.RegexOptions.IgnoreCase));
            }
        }

        return response;
    }
}
