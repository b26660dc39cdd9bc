using Hawiya.Contracts.Sessions;
using Hawiya.Server.Pages;
using Microsoft.AspNetCore.WebUtilities;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Hawiya.Server.Oidc.Endpoints;

/// <summary>
/// <c>POST /connect/login</c>: the login pages' steps that never end a login (identify, choose
/// a method, send a code again, start over, leave a push or card wait). The authorization
/// request was validated once, when the login began; these steps read the flow cookie, call the
/// session grain and render, without OpenIddict. Whatever is not a page (the login refused, or
/// a step this endpoint does not serve) goes back to <c>/connect/authorize</c>, which decides.
/// </summary>
public sealed class LoginPageEndpoint(IGrainFactory grains, LoginSteps steps, LoginFlowCookie flowCookie)
{
    public const string Path = LoginPages.PageStepPath;

    public async Task<IResult> HandleAsync(HttpContext http)
    {
        var language = http.Request.Cookies["hawiya.lang"];
        if (!http.Request.HasFormContentType)
        {
            var texts = Texts.For(null, language);
            return new LoginPageResult(LoginPages.Message(texts, texts["closed"]), StatusCodes.Status400BadRequest);
        }

        var form = await http.Request.ReadFormAsync();
        var requestUri = form[Parameters.RequestUri].ToString();
        var sessionId = LoginIds.SessionOfRequestUri(requestUri);
        if (sessionId is null)
        {
            var texts = Texts.For(null, language);
            return new LoginPageResult(LoginPages.Message(texts, texts["closed"]), StatusCodes.Status400BadRequest);
        }

        if (!flowCookie.Matches(http, sessionId))
        {
            var texts = Texts.For(null, language);
            return new LoginPageResult(LoginPages.Message(texts, texts["foreign_browser"]), StatusCodes.Status403Forbidden);
        }

        var step = form["step"].ToString();
        var session = grains.GetGrain<IAuthSessionGrain>(sessionId);
        if (!LoginPages.PageSteps.Contains(step))
        {
            // A step that may end the login: the same form, posted again where the whole flow
            // runs (RFC 9110 §15.4.8).
            return Results.Redirect(Authorize(start: null, requestUri), permanent: false, preserveMethod: true);
        }

        FlowContext? FlowOf(SessionView view) => Flow(http, sessionId, session, view, requestUri, language);

        // Identify and a code by SMS or email, every login's two pages: one grain call each.
        if (await steps.HandleUnreadAsync(session, step, form, FlowOf) is { } served)
        {
            return Respond(served.Outcome, served.Flow);
        }

        var view = await session.GetAsync();
        if (view.Start is not { ProviderName: not null } start)
        {
            // A session begun before the pages came here: the whole flow decides.
            return Results.Redirect(Authorize(start: null, requestUri), permanent: false, preserveMethod: true);
        }

        if (FlowOf(view) is not { } flow)
        {
            return SeeOther(Authorize(start, requestUri));
        }

        return Respond(await steps.HandleAsync(flow, step, form), flow);
    }

    private static IResult Respond(StepOutcome outcome, FlowContext flow) => outcome is StepOutcome.Show show
        ? new LoginPageResult(show.Html, show.Status)
        : SeeOther(Authorize(flow.View.Start, flow.RequestUri));

    /// <summary>The pages' context for <paramref name="view"/>; null when the session is not one these pages serve (not begun here, or closed).</summary>
    private static FlowContext? Flow(HttpContext http, string sessionId, IAuthSessionGrain session, SessionView view, string requestUri, string? language)
    {
        if (view.Start is not { ProviderName: { } providerName } start || view.Status is SessionStatus.Denied or SessionStatus.Revoked)
        {
            return null;
        }

        return new FlowContext
        {
            Http = http,
            SessionId = sessionId,
            Session = session,
            View = view,
            Texts = Texts.For(start.UiLocales, language),
            ClientId = start.ClientId,
            RequestUri = requestUri,
            ProviderName = providerName,
            AllowedMethods = start.AllowedMethods,
        };
    }

    /// <summary>Where a page step that is not a page goes: the authorization endpoint, with the request it belongs to.</summary>
    private static string Authorize(SessionStart? start, string requestUri) => start is null
        ? "/connect/authorize"
        : QueryHelpers.AddQueryString("/connect/authorize", new Dictionary<string, string?>
        {
            [Parameters.ClientId] = start.ClientId,
            [Parameters.RequestUri] = requestUri,
        });

    /// <summary>303: the browser follows with a GET (RFC 9110 §15.4.4).</summary>
    private static IResult SeeOther(string location) => new SeeOtherResult(location);

    private sealed class SeeOtherResult(string location) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = StatusCodes.Status303SeeOther;
            httpContext.Response.Headers.Location = location;
            httpContext.Response.Headers.CacheControl = "no-store";
            return Task.CompletedTask;
        }
    }
}
