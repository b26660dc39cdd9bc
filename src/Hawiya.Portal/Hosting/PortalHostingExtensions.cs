using Hawiya.KeyRing;
using Hawiya.Portal.Api;
using Hawiya.Portal.Authentication;
using Hawiya.Portal.Pages;
using Microsoft.Extensions.Options;

namespace Hawiya.Portal.Hosting;

/// <summary>Registration and request pipeline of the citizen portal.</summary>
public static class PortalHostingExtensions
{
    /// <summary>Where the portal listens unless ASPNETCORE_URLS (or --urls) says otherwise: the address registered with Hawiya.</summary>
    public const string DefaultUrl = "http://127.0.0.1:5095";

    /// <summary>Data Protection's application name: the same in every replica, so they share one key ring.</summary>
    public const string ApplicationName = "Hawiya.Portal";

    public static WebApplicationBuilder AddCitizenPortal(this WebApplicationBuilder builder)
    {
        if (string.IsNullOrEmpty(builder.Configuration[WebHostDefaults.ServerUrlsKey]))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        var services = builder.Services;
        services.AddOptions<PortalSettings>().BindConfiguration(PortalSettings.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<PortalSettings>, PortalSettingsValidation>();
        services.AddHttpContextAccessor();
        // The cookies (session, antiforgery, OIDC correlation) open on every replica: docs/operations.md.
        services.AddSharedKeyRing(ApplicationName);
        services.AddHttpClient<CitizenApiClient>((sp, client) =>
        {
            client.BaseAddress = new Uri(sp.GetRequiredService<IOptions<PortalSettings>>().Value.AuthorityUri, "citizen/api/");
            client.Timeout = TimeSpan.FromSeconds(30);
        });
        services.AddPortalAuthentication(builder.Environment);
        services.AddAuthorization();
        services.AddAntiforgery(options =>
        {
            options.Cookie.Name = "hawiya-portal-antiforgery";
            options.Cookie.SecurePolicy = builder.Environment.IsDevelopment() ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
            options.FormFieldName = "__antiforgery";
        });
        return builder;
    }

    public static WebApplication MapCitizenPortal(this WebApplication app)
    {
        app.UseStatusCodePages(async context =>
        {
            var t = Texts.For(context.HttpContext);
            var response = context.HttpContext.Response;
            await Html.WriteAsync(context.HttpContext, response.StatusCode == StatusCodes.Status404NotFound ? t.NotFoundTitle : t.Refused,
                $"<p><a class=\"button\" href=\"/\">{Html.E(t.TryAgain)}</a></p>", response.StatusCode);
        });
        app.Use(AddSecurityHeaders);
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapPortalPages();
        return app;
    }

    private static Task AddSecurityHeaders(HttpContext context, RequestDelegate next)
    {
        var authority = context.RequestServices.GetRequiredService<IOptions<PortalSettings>>().Value.AuthorityUri;
        var headers = context.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        // SECURITY: the code in /signin-hawiya?code=… never leaks through Referer (RFC 9700 §4.2.4);
        // forms post only here, and their redirects (a login, a step-up) go on only to Hawiya.
        headers["Referrer-Policy"] = "no-referrer";
        headers.ContentSecurityPolicy = "default-src 'none'; style-src 'self'; img-src 'self'; base-uri 'none'; frame-ancestors 'none'; "
            + $"form-action 'self' {authority.GetLeftPart(UriPartial.Authority)}";
        return next(context);
    }
}
