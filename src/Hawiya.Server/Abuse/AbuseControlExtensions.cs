using System.Globalization;
using System.Net;
using System.Threading.RateLimiting;
using Hawiya.Gateways.Sms;
using Hawiya.Server.Pages;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Hawiya.Server.Abuse;

public static class AbuseControlExtensions
{
    public const string AuthorizePath = "/connect/authorize";
    public const string TokenPath = "/connect/token";
    /// <summary>The login pages' own steps (Oidc/Endpoints/LoginPageEndpoint): one login budget with the authorization endpoint's posts.</summary>
    public const string LoginPagePath = LoginPages.PageStepPath;

    /// <summary>
    /// SMS and email budgets, the queue that sends one-time codes off the login thread, the
    /// SMS destination allow-list, and per-IP rate limits. Call after the gateways are added.
    /// </summary>
    public static IHostApplicationBuilder AddHawiyaAbuseControls(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<SendBudgetOptions>().BindConfiguration(SendBudgetOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<RateLimitOptions>().BindConfiguration(RateLimitOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<BudgetLeases>();
        services.AddSingleton<SendBudgets>();
        services.AddSingleton<CodeQueue>();
        services.AddSingleton<CodeDispatch>();
        services.AddHostedService<CodeSender>();
        DecorateSmsGateway(services);

        services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<RateLimitOptions>>((o, limits) =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor;
            // Only the configured proxies: the defaults (loopback) are cleared.
            o.KnownProxies.Clear();
            o.KnownIPNetworks.Clear();
            o.ForwardLimit = null;
            foreach (var proxy in limits.Value.TrustedProxies)
            {
                o.KnownProxies.Add(IPAddress.Parse(proxy));
            }

            foreach (var network in limits.Value.TrustedNetworks)
            {
                o.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
            }
        });
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<RateLimitOptions>>((o, limits) =>
        {
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http => Partition(http, limits.Value));
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = (context, _) => RejectAsync(context.HttpContext, context.Lease);
        });
        return builder;
    }

    /// <summary>Forwarded headers from trusted proxies, then the per-IP limits; before authentication, where OpenIddict answers.</summary>
    public static IApplicationBuilder UseHawiyaAbuseControls(this IApplicationBuilder app) =>
        app.UseForwardedHeaders().UseRateLimiter();

    private static RateLimitPartition<string> Partition(HttpContext http, RateLimitOptions limits)
    {
        var path = http.Request.Path;
        var (name, limit) = IsEndpoint(path, TokenPath) ? ("token", limits.Token)
            : (IsEndpoint(path, AuthorizePath) || IsEndpoint(path, LoginPagePath)) && HttpMethods.IsPost(http.Request.Method) ? ("login", limits.Login)
            // SECURITY: what names a provider before it is verified is limited by address (issue 26, finding 2).
            : IsUnverifiedProviderPath(path) ? ("unverified", limits.Unverified)
            // Issue 26, finding 5: the citizen's APIs send codes and change the identity; limited per IP too.
            : path.StartsWithSegments("/citizen/api", StringComparison.OrdinalIgnoreCase) || path.StartsWithSegments("/app", StringComparison.OrdinalIgnoreCase)
                ? ("citizen", limits.CitizenApis)
            : (null, null);
        if (name is null || limit is null)
        {
            return RateLimitPartition.GetNoLimiter(string.Empty);
        }

        var ip = http.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        return RateLimitPartition.GetFixedWindowLimiter($"{name}:{ip}", _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = limit.PermitLimit,
            Window = limit.Window,
            QueueLimit = 0,
        });
    }

    /// <summary>
    /// 429 with Retry-After (RFC 6585 §4). Except on the login pages the body is an OAuth error
    /// (RFC 6749 §5.2 format) with <c>temporarily_unavailable</c>, the code OAuth defines for an
    /// overloaded server (RFC 6749 §4.1.2.1), so client libraries read it as an error response.
    /// </summary>
    private static async ValueTask RejectAsync(HttpContext http, RateLimitLease lease)
    {
        var retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1);
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        http.Response.Headers.CacheControl = "no-store";
        if (!IsEndpoint(http.Request.Path, AuthorizePath) && !IsEndpoint(http.Request.Path, LoginPagePath))
        {
            await http.Response.WriteAsJsonAsync(new Dictionary<string, string>
            {
                ["error"] = "temporarily_unavailable",
                ["error_description"] = $"Too many requests from this address; retry after {seconds} seconds.",
            });
            return;
        }

        var texts = Texts.For(null, http.Request.Cookies["hawiya.lang"]);
        LoginPageResult.AddHeaders(http.Response);
        http.Response.ContentType = "text/html; charset=utf-8";
        await http.Response.WriteAsync(LoginPages.Message(texts, texts["too_many"]));
    }

    /// <summary>The provider endpoints, whose requests name a provider OpenIddict has not verified yet.</summary>
    internal static bool IsUnverifiedProviderPath(PathString path) =>
        path.StartsWithSegments("/connect", StringComparison.OrdinalIgnoreCase) || path.StartsWithSegments("/unicity", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Whether a request path names an endpoint. SECURITY: routing and OpenIddict both serve
    /// <c>/connect/authorize/</c> and <c>/connect/token/</c> as the endpoint itself, so the limits
    /// compare the path without its trailing slashes; an exact comparison let a slash escape them.
    /// </summary>
    internal static bool IsEndpoint(PathString path, string endpoint) =>
        path.HasValue && path.Value.AsSpan().TrimEnd('/').Equals(endpoint, StringComparison.OrdinalIgnoreCase);

    private static void DecorateSmsGateway(IServiceCollection services)
    {
        var registered = services.LastOrDefault(d => d.ServiceType == typeof(ISmsGateway))
            ?? throw new InvalidOperationException("Add the gateways before the abuse controls.");
        services.Remove(registered);
        services.AddSingleton<ISmsGateway>(sp => new AllowedDestinationsSmsGateway(
            (ISmsGateway)(registered.ImplementationInstance
                ?? registered.ImplementationFactory?.Invoke(sp)
                ?? ActivatorUtilities.CreateInstance(sp, registered.ImplementationType!)),
            sp.GetRequiredService<IOptions<SendBudgetOptions>>()));
    }
}
