using Hawiya.SampleProvider.Authentication;
using Hawiya.SampleProvider.Hosting;
using Hawiya.SampleProvider.Tokens;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace Hawiya.SampleProvider.Pages;

/// <summary>The site's pages and the buttons behind them.</summary>
internal static class PageEndpoints
{
    public static IEndpointRouteBuilder MapPages(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/", (HttpContext context, IOptions<SampleProviderSettings> settings) => HomePage.Render(context, settings.Value));
        endpoints.MapGet(Html.StylesheetPath, (HttpContext context) =>
        {
            context.Response.Headers.CacheControl = "public, max-age=3600";
            return Results.Text(Html.Stylesheet, "text/css; charset=utf-8");
        });

        endpoints.MapGet("/login", Login);
        endpoints.MapGet("/step-up", StepUp);
        endpoints.MapGet("/account", AccountAsync).RequireAuthorization();
        endpoints.MapPost("/refresh", RefreshAsync).RequireAuthorization().AddEndpointFilter<AntiforgeryCheck>();
        endpoints.MapPost("/logout", LogoutAsync).AddEndpointFilter<AntiforgeryCheck>();
        return endpoints;
    }

    /// <summary>Starts the authorization code flow (OIDC Core §3.1.2.1); the handler adds PKCE, state and nonce.</summary>
    private static IResult Login(HttpContext context) =>
        context.User.Identity?.IsAuthenticated == true
            ? Results.Redirect("/account")
            : Results.Challenge(new AuthenticationProperties { RedirectUri = "/account" }, [SampleProviderSchemes.Hawiya]);

    /// <summary>
    /// Step-up: a new authentication at a higher level, even inside an existing provider session.
    /// <c>prompt=login</c> makes the provider authenticate the user again (Core §3.1.2.1) and
    /// <c>acr_values</c> names the level wanted; the account page then checks the acr obtained.
    /// </summary>
    private static IResult StepUp(IOptions<SampleProviderSettings> settings)
    {
        var properties = new AuthenticationProperties { RedirectUri = "/account" };
        properties.SetParameter(OpenIdConnectParameterNames.Prompt, OpenIdConnectPrompt.Login);
        properties.SetParameter(HawiyaOpenIdConnectEvents.AcrValuesParameter, settings.Value.StepUpAcrValues);
        return Results.Challenge(properties, [SampleProviderSchemes.Hawiya]);
    }

    private static async Task<IResult> AccountAsync(HttpContext context, IOptions<SampleProviderSettings> settings, TimeProvider time)
    {
        var session = await context.AuthenticateAsync(SampleProviderSchemes.Cookie);
        return session is { Succeeded: true, Properties: { } properties, Principal: { } user }
            ? AccountPage.Render(context, user, properties, settings.Value.StepUpAcrValues, time.GetUtcNow())
            : Results.Challenge(new AuthenticationProperties { RedirectUri = "/account" }, [SampleProviderSchemes.Hawiya]);
    }

    private static async Task<IResult> RefreshAsync(HttpContext context, TokenRefresher refresher, TimeProvider time)
    {
        var outcome = await refresher.RefreshAsync(context, context.RequestAborted);
        context.Response.Headers.CacheControl = "no-store";
        return HomePage.RenderRefresh(outcome, time.GetUtcNow());
    }

    /// <summary>
    /// RP-initiated logout (OIDC RP-Initiated Logout 1.0 §2): the local session ends, then the
    /// browser goes to the provider's end_session_endpoint with id_token_hint, which ends the
    /// session there too and returns to the registered post_logout_redirect_uri. A provider that
    /// advertises no end_session_endpoint, or cannot be reached, still gets the local logout.
    /// </summary>
    private static async Task<IResult> LogoutAsync(HttpContext context, ProviderTokenValidation provider)
    {
        bool endSessionAvailable;
        try
        {
            var configuration = await provider.GetConfigurationAsync(context.RequestAborted);
            endSessionAvailable = !string.IsNullOrEmpty(configuration.EndSessionEndpoint);
        }
        catch (Exception exception) when (exception is InvalidOperationException or HttpRequestException or IOException)
        {
            endSessionAvailable = false;
        }

        if (!endSessionAvailable || context.User.Identity?.IsAuthenticated != true)
        {
            await context.SignOutAsync(SampleProviderSchemes.Cookie);
            return Results.Redirect("/");
        }

        return Results.SignOut(new AuthenticationProperties { RedirectUri = "/" }, [SampleProviderSchemes.Cookie, SampleProviderSchemes.Hawiya]);
    }

    /// <summary>SECURITY: every POST button carries an antiforgery token, so another site cannot press it.</summary>
    private sealed class AntiforgeryCheck(IAntiforgery antiforgery) : IEndpointFilter
    {
        public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
        {
            if (await antiforgery.IsRequestValidAsync(context.HttpContext))
            {
                return await next(context);
            }

            return Html.Page("Formulaire expiré",
                """<p class="warning">Ce formulaire a expiré ou ne vient pas de ce site. Rechargez la page et recommencez.</p><p><a class="button" href="/">Retour à l'accueil</a></p>""",
                StatusCodes.Status400BadRequest);
        }
    }
}
