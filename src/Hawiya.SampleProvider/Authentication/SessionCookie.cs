using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace Hawiya.SampleProvider.Authentication;

/// <summary>The local session cookie, and the check that ends it after a back-channel logout.</summary>
internal static class SessionCookie
{
    /// <summary>A fixed lifetime (no sliding): a working session, then a new login.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(8);

    public static void Configure(CookieAuthenticationOptions options, IHostEnvironment environment, ITicketStore tickets)
    {
        options.SessionStore = tickets;
        options.Cookie.Name = "hawiya-demo-session";
        options.Cookie.HttpOnly = true;
        options.Cookie.SameSite = SameSiteMode.Lax;
        options.Cookie.SecurePolicy = SecurePolicy(environment);
        options.ExpireTimeSpan = Lifetime;
        options.SlidingExpiration = false;
        options.EventsType = typeof(SessionCookieEvents);
    }

    /// <summary>
    /// SECURITY: cookies are Secure outside Development. In Development the demo runs on
    /// http://127.0.0.1, where a browser would drop a Secure cookie set over plain HTTP.
    /// </summary>
    public static CookieSecurePolicy SecurePolicy(IHostEnvironment environment) =>
        environment.IsDevelopment() ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
}

/// <summary>Drops a session the provider ended through back-channel logout (Back-Channel Logout 1.0 §2.7).</summary>
internal sealed partial class SessionCookieEvents(SessionRevocations revocations, ILogger<SessionCookieEvents> logger)
    : CookieAuthenticationEvents
{
    public override async Task ValidatePrincipal(CookieValidatePrincipalContext context)
    {
        var principal = context.Principal;
        var started = context.Properties.IssuedUtc;
        if (principal is null || started is null)
        {
            return;
        }

        // MapInboundClaims is off, so the ID token's claim names are kept as they are.
        var sid = principal.FindFirst("sid")?.Value;
        var sub = principal.FindFirst("sub")?.Value;
        if (revocations.IsRevoked(sid, sub, started.Value))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(SampleProviderSchemes.Cookie);
            LogSessionEnded(logger);
        }
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "A session ended by back-channel logout was dropped.")]
    private static partial void LogSessionEnded(ILogger logger);
}
