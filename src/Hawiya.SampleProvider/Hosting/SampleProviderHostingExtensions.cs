using Hawiya.KeyRing;
using Hawiya.SampleProvider.Authentication;
using Hawiya.SampleProvider.BackchannelLogout;
using Hawiya.SampleProvider.Pages;
using Hawiya.SampleProvider.Tokens;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Hawiya.SampleProvider.Hosting;

/// <summary>Registration and request pipeline of the demo service provider.</summary>
public static partial class SampleProviderHostingExtensions
{
    /// <summary>Where the demo listens unless ASPNETCORE_URLS (or --urls) says otherwise: the address registered with Hawiya.</summary>
    public const string DefaultUrl = "http://127.0.0.1:5090";

    /// <summary>Data Protection's application name: the same in every replica, so they share one key ring.</summary>
    public const string ApplicationName = "Hawiya.SampleProvider";

    public static WebApplicationBuilder AddSampleProvider(this WebApplicationBuilder builder)
    {
        if (string.IsNullOrEmpty(builder.Configuration[WebHostDefaults.ServerUrlsKey]))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        var services = builder.Services;
        services.AddOptions<SampleProviderSettings>().BindConfiguration(SampleProviderSettings.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SampleProviderSettings>, SampleProviderSettingsValidation>();
        services.TryAddSingleton(TimeProvider.System);
        // The cookies (session key, antiforgery, OIDC correlation) open on every replica: docs/operations.md.
        services.AddSharedKeyRing(ApplicationName);

        services.AddTransient<ClientSecretBasicHandler>();
        services.AddHttpClient(SampleProviderSchemes.ProviderHttpClient, client => client.Timeout = TimeSpan.FromSeconds(30))
            .AddHttpMessageHandler<ClientSecretBasicHandler>();

        services.AddAuthentication(options =>
            {
                options.DefaultScheme = SampleProviderSchemes.Cookie;
                options.DefaultChallengeScheme = SampleProviderSchemes.Hawiya;
            })
            .AddCookie(SampleProviderSchemes.Cookie)
            .AddOpenIdConnect(SampleProviderSchemes.Hawiya, _ => { });
        services.AddOptions<CookieAuthenticationOptions>(SampleProviderSchemes.Cookie)
            .Configure<IHostEnvironment, ITicketStore>(SessionCookie.Configure);
        services.AddOptions<OpenIdConnectOptions>(SampleProviderSchemes.Hawiya)
            .Configure<IOptions<SampleProviderSettings>, IHostEnvironment, IHttpClientFactory>(
                (options, settings, environment, httpClients) => OpenIdConnectSetup.Configure(options, settings.Value, environment, httpClients));
        services.AddScoped<HawiyaOpenIdConnectEvents>();
        services.AddScoped<SessionCookieEvents>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<ITicketStore, ServerSideTickets>();
        services.AddAuthorization();
        services.AddAntiforgery(options =>
        {
            options.Cookie.Name = "hawiya-demo-antiforgery";
            options.Cookie.SecurePolicy = SessionCookie.SecurePolicy(builder.Environment);
            options.FormFieldName = "__antiforgery";
        });

        services.AddSingleton<SessionRevocations>();
        services.AddSingleton<ProviderTokenValidation>();
        services.AddSingleton<LogoutTokenValidator>();
        services.AddScoped<TokenRefresher>();
        return builder;
    }

    public static WebApplication MapSampleProvider(this WebApplication app)
    {
        // In every environment, Development included: a visitor sees a friendly page, never a stack trace.
        app.UseExceptionHandler(new ExceptionHandlerOptions { ExceptionHandler = UnexpectedErrorAsync });
        app.UseStatusCodePages(async context =>
        {
            var response = context.HttpContext.Response;
            var notFound = response.StatusCode == StatusCodes.Status404NotFound;
            await Html.WriteAsync(context.HttpContext, notFound ? "Page introuvable" : "Requête refusée",
                """<p><a class="button" href="/">Retour à l'accueil</a></p>""", response.StatusCode);
        });
        app.Use(AddSecurityHeaders);
        app.UseAuthentication();
        app.UseAuthorization();

        app.MapPages();
        app.MapBackchannelLogout();
        return app;
    }

    private static Task AddSecurityHeaders(HttpContext context, RequestDelegate next)
    {
        var authority = context.RequestServices.GetRequiredService<IOptions<SampleProviderSettings>>().Value.AuthorityUri;
        var headers = context.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";

        // SECURITY: no Referer leaves the site, so the code in /signin-hawiya?code=… is never
        // passed on (RFC 6749 §10.6 / RFC 9700 §4.2.4). Forms may post only here, and the
        // logout button's redirect may go on only to the provider.
        headers["Referrer-Policy"] = "no-referrer";
        headers.ContentSecurityPolicy =
            $"default-src 'none'; style-src 'self'; img-src 'self'; base-uri 'none'; frame-ancestors 'none'; "
            + $"form-action 'self' {authority.GetLeftPart(UriPartial.Authority)}";
        return next(context);
    }

    private static async Task UnexpectedErrorAsync(HttpContext context)
    {
        var failure = context.Features.Get<IExceptionHandlerFeature>()?.Error;
        var unreachable = false;
        for (var cause = failure; cause is not null; cause = cause.InnerException)
        {
            // IDX20803: the configuration manager could not read the discovery document.
            unreachable |= cause is HttpRequestException or IOException
                || cause.Message.Contains("IDX20803", StringComparison.Ordinal);
        }

        var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(SampleProviderHostingExtensions).FullName!);
        LogUnexpected(logger, failure?.GetType().Name ?? "none", unreachable);

        var error = unreachable ? "provider_unreachable" : "server_error";
        var settings = context.RequestServices.GetRequiredService<IOptions<SampleProviderSettings>>().Value;
        var description = unreachable ? $"Fournisseur attendu à {settings.Authority} (démarrez-le avec infra/run.sh)." : null;
        await Html.WriteAsync(context, "Une erreur est survenue", ErrorPage.Body(error, description),
            unreachable ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status500InternalServerError);
    }

    [LoggerMessage(EventId = 40, Level = LogLevel.Warning, Message = "Request failed with {FailureType} (provider unreachable: {Unreachable}).")]
    private static partial void LogUnexpected(ILogger logger, string failureType, bool unreachable);
}
