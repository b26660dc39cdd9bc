using System.Globalization;
using Hawiya.Portal.Api;
using Hawiya.Portal.Authentication;
using Hawiya.Portal.Hosting;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Hawiya.Portal.Pages;

/// <summary>
/// The portal's routes: a GET page per section, and a POST per action that redirects back
/// (POST/redirect/GET), so the essential actions need no JavaScript.
/// </summary>
internal static partial class PortalEndpoints
{
    public static void MapPortalPages(this WebApplication app)
    {
        app.MapGet(Html.StylesheetPath, () => Results.Text(Html.Stylesheet, "text/css; charset=utf-8"));
        app.MapGet("/lang/{code}", (HttpContext http, string code, string? @return) =>
        {
            if (Texts.TryGet(code, out _))
            {
                http.Response.Cookies.Append(Texts.CookieName, code, new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Lax, MaxAge = TimeSpan.FromDays(365), IsEssential = true });
            }

            return Results.LocalRedirect(IsLocalPath(@return) ? @return! : "/");
        });
        app.MapGet("/frozen", (HttpContext http) =>
        {
            var t = Texts.For(http);
            return Html.Page(http, t.FrozenTitle, $"<p id=\"frozen\">{Html.E(t.FrozenText)}</p>", signedIn: false);
        });
        app.MapGet("/signed-out", (HttpContext http) =>
        {
            var t = Texts.For(http);
            return Html.Page(http, t.SignedOutTitle, $"<p><a class=\"button\" href=\"/\">{Html.E(t.SignIn)}</a></p>", signedIn: false);
        });

        var pages = app.MapGroup("").RequireAuthorization();
        pages.MapGet("/", () => Results.LocalRedirect("/activity"));

        pages.MapGet("/activity", async (HttpContext http, CitizenApiClient api, string? before) =>
        {
            long? from = long.TryParse(before, NumberStyles.None, CultureInfo.InvariantCulture, out var b) && b > 0 ? b : null;
            var t = Texts.For(http);
            return Show(http, await api.ActivityAsync(from), t.Activity, "/activity", activity => PortalPages.Activity(t, activity, from is null));
        });

        pages.MapGet("/consents", async (HttpContext http, CitizenApiClient api, string? revoked) =>
        {
            var t = Texts.For(http);
            var notice = int.TryParse(revoked, out var sessions) ? string.Format(CultureInfo.InvariantCulture, t.ConsentRevoked, sessions) : null;
            return Show(http, await api.ConsentsAsync(), t.Consents, "/consents", consents => PortalPages.Consents(http, t, consents, notice));
        });

        pages.MapGet("/methods", async (HttpContext http, CitizenApiClient api, string? done, string? stepup, string? removed) =>
        {
            var t = Texts.For(http);
            var notice = removed is not null && stepup is null ? t.DeviceRemoved : (EnrollmentNotice(t, done) ?? Notice(t, done, stepup, t.MethodChanged));
            var devices = await api.DevicesAsync();
            return devices.Succeeded
                ? Show(http, await api.ProfileAsync(), t.Methods, "/methods", profile => PortalPages.Methods(http, t, profile, devices.Value!, notice))
                : Refusal(http, devices.Refusal!, "/methods");
        });

        pages.MapGet("/identity", async (HttpContext http, CitizenApiClient api, string? done, string? stepup) =>
        {
            var t = Texts.For(http);
            var notice = Notice(t, done, stepup, t.StatusChanged);
            return Show(http, await api.ProfileAsync(), t.Identity, "/identity", profile => PortalPages.Identity(http, t, profile, notice));
        });

        pages.MapGet("/alerts", async (HttpContext http, CitizenApiClient api, string? done, string? stepup) =>
        {
            var t = Texts.For(http);
            var notice = Notice(t, done, stepup, t.AlertsSaved);
            return Show(http, await api.AlertsAsync(), t.Alerts, "/alerts", preferences => PortalPages.Alerts(http, t, preferences, notice));
        });

        // The stable address every alert links to.
        pages.MapGet("/not-me", (HttpContext http) =>
        {
            var t = Texts.For(http);
            return Html.Page(http, t.NotMe, PortalPages.NotMe(http, t));
        });

        var actions = app.MapGroup("").RequireAuthorization().AddEndpointFilter<ValidateAntiforgery>();
        actions.MapPost("/consents/{clientId}/revoke", async (HttpContext http, CitizenApiClient api, string clientId) =>
        {
            var result = await api.RevokeConsentAsync(clientId);
            return result.Succeeded
                ? Results.Redirect("/consents?revoked=" + result.Value.GetProperty("sessionsRevoked").GetInt32().ToString(CultureInfo.InvariantCulture))
                : Refusal(http, result.Refusal!, "/consents");
        });

        actions.MapPost("/methods/{method}", async (HttpContext http, CitizenApiClient api, string method) =>
        {
            var form = await http.Request.ReadFormAsync();
            if (!bool.TryParse(form["enabled"], out var enabled))
            {
                return Results.BadRequest();
            }

            var result = await api.SetMethodAsync(method, enabled);
            return result.Succeeded ? Results.Redirect("/methods?done=1") : Refusal(http, result.Refusal!, "/methods");
        });

        actions.MapPost("/devices/{deviceId}/remove", async (HttpContext http, CitizenApiClient api, string deviceId) =>
        {
            var result = await api.RemoveDeviceAsync(deviceId);
            return result.Succeeded ? Results.Redirect("/methods?removed=1") : Refusal(http, result.Refusal!, "/methods");
        });

        actions.MapPost("/identity/{change:regex(^(activate|deactivate)$)}", async (HttpContext http, CitizenApiClient api, string change) =>
        {
            var result = await api.ChangeStatusAsync(activate: change == "activate");
            return result.Succeeded ? Results.Redirect("/identity?done=1") : Refusal(http, result.Refusal!, "/identity");
        });

        actions.MapPost("/identity/cards/{cardKey}/report", async (HttpContext http, CitizenApiClient api, string cardKey) =>
        {
            var form = await http.Request.ReadFormAsync();
            var result = await api.ReportCardAsync(cardKey, form["cause"].ToString());
            if (!result.Succeeded)
            {
                return Refusal(http, result.Refusal!, "/identity");
            }

            // Revoking a lost or stolen card ended every session, this portal's included.
            await http.SignOutAsync(PortalAuthentication.Cookie);
            var t = Texts.For(http);
            return Html.Page(http, t.Cards, $"<p class=\"notice\" id=\"card-reported\">{Html.E(t.CardReported)}</p><p><a class=\"button\" href=\"/\">{Html.E(t.SignIn)}</a></p>", signedIn: false);
        });

        actions.MapPost("/alerts", async (HttpContext http, CitizenApiClient api) =>
        {
            var form = await http.Request.ReadFormAsync();
            var result = await api.SetAlertsAsync(new AlertPreferences(form["use"].ToString(), form["newMethod"].ToString(), form["cardStatus"].ToString()));
            return result.Succeeded ? Results.Redirect("/alerts?done=1") : Refusal(http, result.Refusal!, "/alerts");
        });

        actions.MapPost("/not-me", async (HttpContext http, CitizenApiClient api) =>
        {
            var result = await api.NotMeAsync();
            if (!result.Succeeded && result.Refusal!.Kind != ApiRefusalKind.Refused)
            {
                return Refusal(http, result.Refusal, "/not-me");
            }

            // Frozen (now or already): every session is gone, so the portal's cookie goes too.
            await http.SignOutAsync(PortalAuthentication.Cookie);
            return Results.Redirect("/frozen");
        });

        actions.MapPost("/logout", async (HttpContext http) =>
        {
            await http.SignOutAsync(PortalAuthentication.Cookie);
            // RP-initiated logout (OpenID Connect RP-Initiated Logout 1.0) ends the Hawiya session too.
            return Results.SignOut(new AuthenticationProperties { RedirectUri = "/signed-out" }, [PortalAuthentication.Hawiya]);
        });

        MapEnrollment(app);
    }

    /// <summary>A section's page from what the API answered, or what to do about its refusal.</summary>
    private static IResult Show<T>(HttpContext http, ApiResult<T> result, string title, string returnPath, Func<T, string> body) =>
        result.Succeeded ? Html.Page(http, title, body(result.Value!)) : Refusal(http, result.Refusal!, returnPath);

    /// <summary>After a step-up the citizen repeats the action; after an action, it is confirmed.</summary>
    private static string? Notice(Texts t, string? done, string? stepup, string doneText) =>
        stepup is not null ? t.StepUpDone : done is not null ? doneText : null;

    /// <summary>What a page does when the citizen API refused: log in again, step up, or explain.</summary>
    private static IResult Refusal(HttpContext http, ApiRefusal refusal, string returnPath)
    {
        var settings = http.RequestServices.GetRequiredService<IOptions<PortalSettings>>().Value;
        var t = Texts.For(http);
        return refusal.Kind switch
        {
            ApiRefusalKind.LoginNeeded => Results.Challenge(new AuthenticationProperties { RedirectUri = returnPath }, [PortalAuthentication.Hawiya]),
            ApiRefusalKind.StepUpNeeded => PortalAuthentication.StepUp(
                returnPath + "?stepup=1", refusal.AcrValues ?? settings.StepUpAcrValues, refusal.MaxAge ?? TimeSpan.FromMinutes(10)),
            _ => Html.Page(http, t.Refused, PortalPages.Refused(t, refusal, returnPath), StatusCodes.Status409Conflict),
        };
    }

    private static bool IsLocalPath(string? path) =>
        path is { Length: > 0 } && path[0] == '/' && (path.Length == 1 || (path[1] != '/' && path[1] != '\\'));
}

/// <summary>Every POST carries the antiforgery token of its form; anything else is refused.</summary>
internal sealed class ValidateAntiforgery(IAntiforgery antiforgery) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        if (!await antiforgery.IsRequestValidAsync(context.HttpContext))
        {
            return Results.BadRequest();
        }

        return await next(context);
    }
}
