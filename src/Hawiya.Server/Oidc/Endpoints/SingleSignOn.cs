using System.Globalization;
using System.Security.Claims;
using Hawiya.Contracts.Common;
using Hawiya.Contracts.Sessions;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace Hawiya.Server.Oidc.Endpoints;

/// <summary>
/// The browser's single sign-on cookie: which citizen (pseudonymous key) authenticated, in
/// which session, how, and when. The cookie is only a pointer: the origin session is asked
/// each time whether its authentication still stands, so logout and "not me" end it at once.
/// </summary>
public static class SingleSignOn
{
    public const string Scheme = "Hawiya.Sso";
    private const string CitizenClaim = "hw_citizen";
    private const string SessionClaim = "hw_session";
    private const string LevelClaim = "hw_level";
    private const string MethodClaim = "hw_method";
    private const string AuthTimeClaim = "hw_auth_time";

    public static AuthenticationBuilder AddSingleSignOnCookie(this AuthenticationBuilder builder, bool secure) =>
        builder.AddCookie(Scheme, options =>
        {
            options.Cookie.Name = "hawiya.sso";
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Lax;
            options.Cookie.SecurePolicy = secure ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
            options.ExpireTimeSpan = Grains.Sessions.AuthSessionGrain.SingleSignOnLifetime;
            options.SlidingExpiration = false;
            // No login page to redirect to: the authorization endpoint renders the login itself.
            options.Events.OnRedirectToLogin = context =>
            {
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                return Task.CompletedTask;
            };
        });

    public static Task SignInAsync(HttpContext http, Authentication authentication)
    {
        var identity = new ClaimsIdentity(Scheme);
        identity.AddClaim(new Claim(CitizenClaim, authentication.CitizenKey));
        identity.AddClaim(new Claim(SessionClaim, authentication.OriginSessionId));
        identity.AddClaim(new Claim(LevelClaim, ((int)authentication.Level).ToString(CultureInfo.InvariantCulture)));
        identity.AddClaim(new Claim(AuthTimeClaim, authentication.AuthTime.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)));
        foreach (var method in authentication.Methods)
        {
            identity.AddClaim(new Claim(MethodClaim, method.ToString()));
        }

        return http.SignInAsync(Scheme, new ClaimsPrincipal(identity));
    }

    public static Task SignOutAsync(HttpContext http) => http.SignOutAsync(Scheme);

    /// <summary>
    /// Whether the cookie says what its origin session recorded: the same citizen, session, level,
    /// methods and time (to the second the cookie keeps). A cookie minted with the key ring cannot
    /// then lift a live session to another citizen or a higher level.
    /// </summary>
    public static bool Agrees(Authentication cookie, Authentication stored) =>
        cookie.CitizenKey == stored.CitizenKey
        && cookie.OriginSessionId == stored.OriginSessionId
        && cookie.Level == stored.Level
        && cookie.AuthTime.ToUnixTimeSeconds() == stored.AuthTime.ToUnixTimeSeconds()
        && cookie.Methods.Order().SequenceEqual(stored.Methods.Order());

    /// <summary>The authentication the cookie points to, if the cookie is there and readable.</summary>
    public static async Task<Authentication?> ReadAsync(HttpContext http)
    {
        var result = await http.AuthenticateAsync(Scheme);
        if (!result.Succeeded || result.Principal is not { } principal)
        {
            return null;
        }

        var citizen = principal.FindFirstValue(CitizenClaim);
        var session = principal.FindFirstValue(SessionClaim);
        if (citizen is null || session is null
            || !int.TryParse(principal.FindFirstValue(LevelClaim), CultureInfo.InvariantCulture, out var level)
            || !long.TryParse(principal.FindFirstValue(AuthTimeClaim), CultureInfo.InvariantCulture, out var authTime))
        {
            return null;
        }

        return new Authentication
        {
            CitizenKey = citizen,
            OriginSessionId = session,
            Level = (LevelOfAssurance)level,
            AuthTime = DateTimeOffset.FromUnixTimeSeconds(authTime),
            Methods = principal.FindAll(MethodClaim).Select(c => Enum.Parse<AuthMethod>(c.Value)).ToArray(),
        };
    }
}
