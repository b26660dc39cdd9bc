using Hawiya.Server.Oidc;
using Hawiya.Server.Oidc.Endpoints;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Options;

namespace Hawiya.Server.Tests.Oidc.Endpoints;

/// <summary>
/// The cookies of the login pages are Secure outside Development (RFC 6265 §4.1.2.5), even when
/// the silo sees plain HTTP behind a proxy that ends TLS.
/// </summary>
public sealed class PageCookieTests
{
    [Theory]
    [InlineData("Production", true)]
    [InlineData("Staging", true)]
    [InlineData("Development", false)]
    public void LoginFlowCookie_OverPlainHttp_IsSecureOutsideDevelopment(string environment, bool secure)
    {
        var cookie = new LoginFlowCookie(new EphemeralDataProtectionProvider(), Environment(environment));
        var http = new DefaultHttpContext();
        http.Request.Scheme = "http";

        cookie.Issue(http, "s-" + new string('a', 22));

        var header = http.Response.Headers.SetCookie.ToString();
        Assert.Contains("httponly", header, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", header, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(secure, header.Contains("secure", StringComparison.OrdinalIgnoreCase));
    }

    [Theory]
    [InlineData("Production", CookieSecurePolicy.Always)]
    [InlineData("Development", CookieSecurePolicy.SameAsRequest)]
    public void SingleSignOnCookie_AsTheServerRegistersIt_IsAlwaysSecureOutsideDevelopment(string environment, CookieSecurePolicy policy)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = environment, DisableDefaults = true });
        // The key ring behind the cookie's protection is the silo's table (see SharedKeyTable).
        builder.Services.AddSingleton(_ => Npgsql.NpgsqlDataSource.Create(TestDatabase.ConnectionString));
        // Outside Development the key ring is wrapped under a configured key, as in production.
        builder.Configuration["Hawiya:KeyRing:EncryptionKeys:0:KeyId"] = "test-kek";
        builder.Configuration["Hawiya:KeyRing:EncryptionKeys:0:Key"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        builder.AddHawiyaOidc();
        using var services = builder.Services.BuildServiceProvider();

        var options = services.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>().Get(SingleSignOn.Scheme);

        Assert.Equal(policy, options.Cookie.SecurePolicy);
        Assert.True(options.Cookie.HttpOnly);
    }

    private static HostingEnvironment Environment(string name) => new()
    {
        EnvironmentName = name,
        ApplicationName = "Hawiya.Server",
        ContentRootPath = AppContext.BaseDirectory,
        ContentRootFileProvider = new NullFileProvider(),
    };
}
