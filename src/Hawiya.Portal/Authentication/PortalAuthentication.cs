using System.Globalization;
using Hawiya.Portal.Hosting;
using Hawiya.Portal.Pages;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace Hawiya.Portal.Authentication;

/// <summary>The portal logs in through Hawiya like any provider: code flow, PKCE, a confidential client.</summary>
internal static class PortalAuthentication
{
    public const string Cookie = "portal";
    public const string Hawiya = "hawiya";
    public const string CallbackPath = "/signin-hawiya";
    public const string SignedOutCallbackPath = "/signout-callback-hawiya";
    public const string CitizenScope = "hawiya.citizen";

    /// <summary>Authentication-property items that shape the next authorization request.</summary>
    public const string AcrValuesItem = "hawiya.acr_values";
    public const string MaxAgeItem = "hawiya.max_age";

    public static void AddPortalAuthentication(this IServiceCollection services, IHostEnvironment environment)
    {
        var securePolicy = environment.IsDevelopment() ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
        services.AddAuthentication(options =>
            {
                options.DefaultScheme = Cookie;
                options.DefaultChallengeScheme = Hawiya;
            })
            .AddCookie(Cookie, options =>
            {
                options.Cookie.Name = "hawiya-portal";
                options.Cookie.HttpOnly = true;
                options.Cookie.SameSite = SameSiteMode.Lax;
                options.Cookie.SecurePolicy = securePolicy;
                // The portal session never outlives a short working visit; Hawiya's own session
                // makes logging in again cheap.
                options.ExpireTimeSpan = TimeSpan.FromMinutes(30);
                options.SlidingExpiration = false;
            })
            .AddOpenIdConnect(Hawiya, _ => { });
        services.AddOptions<OpenIdConnectOptions>(Hawiya).Configure<IOptions<PortalSettings>>((options, settings) =>
            Configure(options, settings.Value, environment, securePolicy));
    }

    private static void Configure(OpenIdConnectOptions options, PortalSettings settings, IHostEnvironment environment, CookieSecurePolicy securePolicy)
    {
        options.Authority = settings.Authority;
        options.ClientId = settings.ClientId;
        options.ClientSecret = settings.ClientSecret;
        // SECURITY: plain-HTTP discovery only for a loopback provider in Development (validated at start).
        options.RequireHttpsMetadata = !(environment.IsDevelopment() && PortalSettings.IsLoopbackHttp(settings.AuthorityUri));
        // OIDC Core §3.1 with PKCE S256 (RFC 7636), the request pushed when Hawiya offers PAR (RFC 9126).
        options.ResponseType = OpenIdConnectResponseType.Code;
        options.ResponseMode = OpenIdConnectResponseMode.Query;
        options.UsePkce = true;
        options.PushedAuthorizationBehavior = PushedAuthorizationBehavior.UseIfAvailable;
        options.Scope.Clear();
        options.Scope.Add("openid");
        options.Scope.Add(CitizenScope);
        options.CallbackPath = CallbackPath;
        options.SignedOutCallbackPath = SignedOutCallbackPath;
        options.SignInScheme = Cookie;
        options.SignOutScheme = Cookie;
        // The access token calls the citizen API; the ID token is the hint for logout.
        options.SaveTokens = true;
        options.GetClaimsFromUserInfoEndpoint = false;
        options.MapInboundClaims = false;
        options.TokenValidationParameters.NameClaimType = "sub";
        options.TokenValidationParameters.ValidAlgorithms = ["ES256"];
        options.DisableTelemetry = true;
        options.CorrelationCookie.SameSite = SameSiteMode.Lax;
        options.CorrelationCookie.SecurePolicy = securePolicy;
        options.NonceCookie.SameSite = SameSiteMode.Lax;
        options.NonceCookie.SecurePolicy = securePolicy;
        options.Events = new OpenIdConnectEvents
        {
            OnRedirectToIdentityProvider = context =>
            {
                // OIDC Core §3.1.2.1: acr_values asks for a level, max_age for a recent login (step-up, RFC 9470 §4).
                context.ProtocolMessage.AcrValues = context.Properties.Items.TryGetValue(AcrValuesItem, out var acr) && acr is not null
                    ? acr
                    : settings.ViewAcrValues;
                if (context.Properties.Items.TryGetValue(MaxAgeItem, out var maxAge) && maxAge is not null)
                {
                    context.ProtocolMessage.MaxAge = maxAge;
                }

                context.ProtocolMessage.UiLocales = Texts.For(context.HttpContext).Code;
                return Task.CompletedTask;
            },
            OnRemoteFailure = async context =>
            {
                // The citizen refused, the identity is frozen, or the response was not valid: say so plainly.
                context.HandleResponse();
                var error = context.Failure?.Message ?? string.Empty;
                var texts = Texts.For(context.HttpContext);
                var reason = error.Contains("access_denied", StringComparison.Ordinal) ? texts.LoginRefused : texts.LoginFailed;
                await Html.WriteAsync(context.HttpContext, texts.LoginFailedTitle, $"<p>{Html.E(reason)}</p><p><a class=\"button\" href=\"/\">{Html.E(texts.TryAgain)}</a></p>", StatusCodes.Status400BadRequest);
            },
        };
    }

    /// <summary>A login at <paramref name="acr"/>, no older than <paramref name="maxAge"/>, then back to <paramref name="returnPath"/>.</summary>
    public static IResult StepUp(string returnPath, string acr, TimeSpan maxAge)
    {
        var properties = new AuthenticationProperties { RedirectUri = returnPath };
        properties.Items[AcrValuesItem] = acr;
        properties.Items[MaxAgeItem] = ((long)maxAge.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        return Results.Challenge(properties, [Hawiya]);
    }
}
