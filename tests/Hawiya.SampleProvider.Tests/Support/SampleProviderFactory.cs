using System.Net;
using System.Security.Claims;
using System.Text.RegularExpressions;
using Hawiya.SampleProvider.Authentication;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Hawiya.SampleProvider.Tests.Support;

/// <summary>
/// The sample provider in memory, pointed at a <see cref="FakeProvider"/>. Tests that need a
/// signed-in session get one through <see cref="SignInAsync"/>, a test-only endpoint that
/// signs the cookie in directly, since no real provider can run the login here.
/// </summary>
public sealed partial class SampleProviderFactory(
    FakeProvider provider,
    string environment = "Development",
    IReadOnlyDictionary<string, string?>? settings = null) : WebApplicationFactory<Program>
{
    public const string SignInPath = "/test/sign-in";

    public FakeProvider Provider => provider;

    public HttpClient CreateBrowser() =>
        CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    /// <summary>Gives <paramref name="browser"/> a session as if a login had just completed.</summary>
    public static async Task SignInAsync(HttpClient browser, IDictionary<string, string> session)
    {
        using var response = await browser.PostAsync(SignInPath, new FormUrlEncodedContent(session));
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
    }

    /// <summary>The antiforgery token of the first form on <paramref name="path"/>.</summary>
    public static async Task<string> AntiforgeryTokenAsync(HttpClient browser, string path)
    {
        var html = await browser.GetStringAsync(path);
        return AntiforgeryField().Match(html) is { Success: true } match
            ? WebUtility.HtmlDecode(match.Groups[1].Value)
            : throw new InvalidOperationException($"{path} has no antiforgery field.");
    }

    public static Task<HttpResponseMessage> PostFormAsync(HttpClient browser, string path, string antiforgeryToken) =>
        browser.PostAsync(path, new FormUrlEncodedContent(new Dictionary<string, string> { ["__antiforgery"] = antiforgeryToken }));

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(environment);
        builder.UseSetting("SampleProvider:Authority", provider.Issuer);
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureTestServices(services => services.AddSingleton<IStartupFilter, TestSignInFilter>());
    }

    [GeneratedRegex("name=\"__antiforgery\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();

    /// <summary>Signs the session cookie in with the claims, tokens and items posted to it.</summary>
    private sealed class TestSignInFilter : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            // Use, not Map: Map would move the path into PathBase and scope the cookie to it.
            app.Use(async (context, nextMiddleware) =>
            {
                if (context.Request.Path != SignInPath)
                {
                    await nextMiddleware(context);
                    return;
                }

                var form = await context.Request.ReadFormAsync();
                var claims = new[] { "sub", "sid" }
                    .Where(name => !string.IsNullOrEmpty(form[name]))
                    .Select(name => new Claim(name, form[name].ToString()));
                var properties = new AuthenticationProperties();
                properties.StoreTokens(new[] { "id_token", "access_token", "refresh_token", "expires_at" }
                    .Where(name => !string.IsNullOrEmpty(form[name]))
                    .Select(name => new AuthenticationToken { Name = name, Value = form[name].ToString() }));
                foreach (var item in new[] { SampleProviderSchemes.UserInfoItem, SampleProviderSchemes.RequestedAcrItem })
                {
                    if (!string.IsNullOrEmpty(form[item]))
                    {
                        properties.Items[item] = form[item];
                    }
                }

                var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, "test", "sub", "role"));
                await context.SignInAsync(SampleProviderSchemes.Cookie, principal, properties);
                context.Response.StatusCode = StatusCodes.Status204NoContent;
            });
            next(app);
        };
    }
}
