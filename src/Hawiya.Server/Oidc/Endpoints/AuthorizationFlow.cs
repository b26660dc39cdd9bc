using Hawiya.Contracts.Citizens;
using Hawiya.Contracts.Common;
using Hawiya.Contracts.Providers;
using Hawiya.Contracts.Sessions;
using Hawiya.Server.Oidc.Release;
using Hawiya.Server.Pages;
using Hawiya.Server.Oidc.Stores;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Hawiya.Server.Oidc.Endpoints;

/// <summary>
/// The authorization endpoint after OpenIddict validated the request (client, redirect URI,
/// PKCE, scopes) and cached it behind a request_uri naming a fresh login session; the one place
/// that decides what comes next. Steps (<see cref="LoginSteps"/>) return an outcome; pages that
/// never end a login post to <see cref="LoginPageEndpoint"/> instead, which serves them from the
/// session without running OpenIddict again.
/// </summary>
public sealed class AuthorizationFlow(
    IGrainFactory grains,
    RequestProviders providers,
    LoginSteps steps,
    Consents consents,
    IEnumerable<ILoginContributor> contributors,
    LoginFlowCookie flowCookie,
    ClaimRelease release,
    Microsoft.Extensions.Options.IOptions<OidcSettings> settings,
    TimeProvider time)
{
    private readonly ILoginContributor[] _contributors = [.. contributors];

    public async Task<IResult> HandleAsync(HttpContext http)
    {
        var request = http.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("No OpenID Connect request here.");
        var (login, refusal) = await OpenAsync(http, request);
        if (login is null)
        {
            return refusal!;
        }

        var step = HttpMethods.IsPost(http.Request.Method) && http.Request.HasFormContentType
            && (await http.Request.ReadFormAsync()).TryGetValue("step", out var posted) ? posted.ToString() : null;
        if (step == "consent" && login.Flow.View.Authentication is not null)
        {
            return await ConsentAsync(login, http.Request.Form["decision"].ToString());
        }

        var outcome = step is null ? StepOutcome.Continue : await steps.HandleAsync(login.Flow, step, http.Request.Form);
        return await DecideAsync(login, outcome);
    }

    /// <summary>
    /// The first page of a login that began in this request (<see cref="LoginStart"/>), for the
    /// response to the plain authorization request itself; null when the login does not begin
    /// with a page here (single sign-on may apply, prompt=none, a refusal): the request then
    /// goes on to its request_uri, and <see cref="HandleAsync"/> decides there.
    /// </summary>
    public async Task<IResult?> FirstPageAsync(HttpContext http, OpenIddictRequest request)
    {
        if (LoginIds.SessionOfRequestUri(request.RequestUri) is not { } sessionId || Tokens(http)?.BegunInThisRequest(sessionId) != true)
        {
            return null;
        }

        if (request.HasPromptValue(PromptValues.None) || await SingleSignOn.ReadAsync(http) is not null)
        {
            flowCookie.Issue(http, sessionId);
            return null;
        }

        var (login, _) = await OpenAsync(http, request);
        if (login is null || login.Flow.View.Authentication is not null)
        {
            return null;
        }

        return await steps.RenderLoginAsync(login.Flow, error: null) is StepOutcome.Show show ? Page(show.Html, show.Status) : null;
    }

    private static GrainTokenStore? Tokens(HttpContext http) => http.RequestServices.GetService<IOpenIddictTokenStore<OidcToken>>() as GrainTokenStore;

    /// <summary>The validated request's login, its session begun and bound to this browser; or the answer refusing it.</summary>
    private async Task<(Login? Login, IResult? Refusal)> OpenAsync(HttpContext http, OpenIddictRequest request)
    {
        var texts = Texts.For(request.UiLocales, http.Request.Cookies["hawiya.lang"]);
        var sessionId = LoginIds.SessionOfRequestUri(request.RequestUri);
        if (sessionId is null)
        {
            return (null, Page(LoginPages.Message(texts, texts["closed"]), StatusCodes.Status400BadRequest));
        }

        var session = grains.GetGrain<IAuthSessionGrain>(sessionId);
        var providerTask = providers.GetAsync(request.ClientId!);
        // OpenIddict read the session with the request token it validated or stored: no second call.
        var tokens = Tokens(http);
        var view = tokens?.SessionReadWithToken(sessionId) ?? await session.GetAsync();
        var provider = await providerTask;
        if (!provider.IsAccredited || provider.Registration is null)
        {
            return (null, Forbid(Errors.UnauthorizedClient, "This service provider is not accredited."));
        }

        if (tokens?.BegunInThisRequest(sessionId) == true)
        {
            // Begun with its request token, in this request: this browser is the login's.
            flowCookie.Issue(http, sessionId);
        }
        else if (view.Start is null)
        {
            view = await session.BeginAsync(Start(request, provider));
            flowCookie.Issue(http, sessionId);
        }
        else if (!flowCookie.Matches(http, sessionId))
        {
            return (null, Page(LoginPages.Message(texts, texts["foreign_browser"]), StatusCodes.Status403Forbidden));
        }

        if (view.Status is SessionStatus.Denied or SessionStatus.Revoked)
        {
            return (null, Forbid(Errors.AccessDenied, "The login was cancelled, refused or not completed in time."));
        }

        var registration = provider.Registration;
        return (new Login(request, provider, new FlowContext
        {
            Http = http,
            SessionId = sessionId,
            Session = session,
            View = view,
            Texts = texts,
            ClientId = provider.ClientId,
            RequestUri = request.RequestUri!,
            ProviderName = registration.DisplayName,
            AllowedMethods = registration.AllowedMethods,
            LoginHint = request.LoginHint,
        }), null);
    }

    /// <summary>The validated request, its provider, and the session's step state.</summary>
    private sealed record Login(OpenIddictRequest Request, ProviderSnapshot Provider, FlowContext Flow)
    {
        public ProviderRegistration Registration => Provider.Registration!;

        public bool HasPrompt(string prompt) => Request.HasPromptValue(prompt);
    }

    /// <summary>Turns a step's outcome into the response: a page, the provider's error, or on to consent and the code.</summary>
    private async Task<IResult> DecideAsync(Login login, StepOutcome outcome)
    {
        CitizenRelease? answered = null;
        switch (outcome)
        {
            case StepOutcome.Show show:
                return Page(show.Html, show.Status);
            case StepOutcome.Refused refused:
                return Forbid(refused.Error, refused.Description);
            case StepOutcome.Authenticated authenticated:
                // This browser keeps the authentication for the provider's next logins (single sign-on).
                await SingleSignOn.SignInAsync(login.Flow.Http, authenticated.Authentication);
                // Read for the session's start: good for this provider while its sector is the same.
                answered = login.Flow.View.Start?.Sector == login.Registration.Sector ? authenticated.Release : null;
                break;
        }

        var flow = login.Flow;
        if (flow.View.Authentication is null && !login.HasPrompt(PromptValues.Login))
        {
            await TrySingleSignOnAsync(login);
        }

        if (flow.View.Authentication is null)
        {
            return login.HasPrompt(PromptValues.None)
                ? Forbid(Errors.LoginRequired, "The citizen is not signed in at the level requested.")
                : await DecideAsync(login, await steps.RenderLoginAsync(flow, error: null));
        }

        return await AuthorizeAsync(login, read: answered);
    }

    private async Task<IResult> ConsentAsync(Login login, string decision)
    {
        if (decision != "accept")
        {
            await login.Flow.Session.DenyAsync();
            return Forbid(Errors.AccessDenied, "The citizen refused to share the information asked for.");
        }

        var scopes = login.Request.GetScopes().ToArray();
        var released = await consents.GrantAsync(login.Flow.View.Authentication!.CitizenKey, login.Provider.ClientId, login.Registration.Sector, scopes, RequestedClaims(login.Request, login.Registration, scopes));
        return await AuthorizeAsync(login, consentedNow: released);
    }

    /// <summary>
    /// Consent, then the code: the citizen is authenticated at the level required.
    /// <paramref name="consentedNow"/> is what the citizen's consent just given answered;
    /// <paramref name="read"/> what the citizen answered in this request otherwise (the code step).
    /// </summary>
    private async Task<IResult> AuthorizeAsync(Login login, CitizenRelease? consentedNow = null, CitizenRelease? read = null)
    {
        var flow = login.Flow;
        var authentication = flow.View.Authentication!;
        var citizen = consentedNow ?? read
            ?? await grains.GetGrain<ICitizenGrain>(authentication.CitizenKey).GetReleaseAsync(login.Registration.Sector, login.Provider.ClientId);
        var consentGiven = consentedNow is not null;
        if (citizen.Status != CitizenStatus.Active)
        {
            return Forbid(Errors.AccessDenied, "This digital identity is not active.");
        }

        var scopes = login.Request.GetScopes().ToArray();
        var claims = RequestedClaims(login.Request, login.Registration, scopes);
        if (!consentGiven && (!Consents.Covers(citizen.Consent, scopes, claims) || login.HasPrompt(PromptValues.Consent)))
        {
            return login.HasPrompt(PromptValues.None)
                ? Forbid(Errors.ConsentRequired, "The citizen has not consented to share what this service asks for.")
                : Page(await consents.PageAsync(flow.Frame, scopes, claims));
        }

        var attributes = release.Release(citizen, authentication.CitizenKey, scopes, claims);
        await CardClaimRelease.AddAsync(grains, flow.SessionId, authentication, attributes, scopes, claims);
        var tokenLifetime = scopes.Contains(Scopes.OfflineAccess) ? settings.Value.RefreshTokenLifetime : settings.Value.AccessTokenLifetime;
        var principal = CitizenPrincipal.Create(authentication, citizen.Subject, flow.SessionId, scopes, attributes, login.Registration.IdTokenSignedResponseAlg, settings.Value.AccessTokenAudience);
        // A contributor (a poll closed since the request was validated) refuses the login before anything else is recorded.
        var completion = new LoginCompletion(flow.Http.Request, login.Request, login.Provider, flow.SessionId, authentication, citizen.Subject, attributes, principal);
        foreach (var contributor in _contributors)
        {
            if (await contributor.CheckAsync(completion) is { } refusal)
            {
                return Forbid(refusal.Error, refusal.Description);
            }
        }

        var grant = new AuthorizationGrant { Subject = citizen.Subject, Scopes = scopes, Claims = claims, TokensUntil = time.GetUtcNow() + tokenLifetime };
        if (Tokens(flow.Http) is { } tokens)
        {
            // Recorded by the session with the code, in the same call and write.
            tokens.AuthorizeWithCode(flow.SessionId, grant);
        }
        else
        {
            await flow.Session.AuthorizeBeforeCodeAsync(grant.Subject, grant.Scopes, grant.Claims, grant.TokensUntil);
        }
        // What the login leaves behind (the journal's use and its receipt) is durable before any token leaves.
        foreach (var contributor in _contributors)
        {
            await contributor.RecordAsync(completion);
        }

        return Results.SignIn(principal, properties: null, OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    /// <summary>
    /// Claims asked for one by one through the claims parameter (OIDC Core §5.5), beyond the
    /// scopes requested, kept only when the provider is accredited for the scope they belong to.
    /// </summary>
    public static string[] RequestedClaims(OpenIddictRequest request, ProviderRegistration registration, IReadOnlyCollection<string> scopes)
    {
        ClaimsParameter.TryParse(request.GetParameter(Parameters.Claims)?.ToString(), out var parameter);
        var accredited = registration.AllowedScopes;
        return ScopeCatalog.All
            .Where(s => accredited.Contains(s.Name) && !scopes.Contains(s.Name))
            .SelectMany(s => s.Claims)
            .Where(parameter.Claims.Contains)
            .Order(StringComparer.Ordinal)
            .ToArray();
    }

    public static IResult Forbid(string error, string description) => Results.Forbid(
        new AuthenticationProperties(new Dictionary<string, string?>
        {
            [OpenIddictServerAspNetCoreConstants.Properties.Error] = error,
            [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = description,
        }),
        [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);

    public static IResult Page(string html, int status = StatusCodes.Status200OK) => new LoginPageResult(html, status);

    /// <summary>
    /// Reuses an authentication made earlier in this browser when it is still live, recent
    /// enough for max_age (OIDC Core §3.1.2.1), and, with an id_token_hint, of the same
    /// citizen. Below the level needed it still saves the citizen identifying again: the
    /// session grain keeps the factors passed and asks only for the missing ones.
    /// </summary>
    private async Task TrySingleSignOnAsync(Login login)
    {
        var flow = login.Flow;
        if (await SingleSignOn.ReadAsync(flow.Http) is not { } cookie)
        {
            return;
        }

        if (login.Request.MaxAge is { } maxAge && time.GetUtcNow() > cookie.AuthTime.AddSeconds(maxAge))
        {
            return;
        }

        // SECURITY: the cookie only points to its origin session; who, how and when are that
        // session's own record, and a cookie that disagrees with it is not used (issue 26, finding 9).
        var earlier = await grains.GetGrain<IAuthSessionGrain>(cookie.OriginSessionId).GetLiveAuthenticationAsync();
        if (earlier is null || !SingleSignOn.Agrees(cookie, earlier))
        {
            return;
        }

        if (await IdTokenHintSubjectAsync(login) is { } hinted)
        {
            var release = await grains.GetGrain<ICitizenGrain>(earlier.CitizenKey).GetReleaseAsync(login.Registration.Sector, login.Provider.ClientId);
            if (release.Subject != hinted)
            {
                return;
            }
        }

        flow.View = await flow.Session.AdoptAuthenticationAsync(earlier);
    }

    private static async Task<string?> IdTokenHintSubjectAsync(Login login)
    {
        if (string.IsNullOrEmpty(login.Request.IdTokenHint))
        {
            return null;
        }

        // OpenIddict validated the hint's signature and issuer; its principal is the hint's.
        var result = await login.Flow.Http.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        return result.Principal?.GetClaim(Claims.Subject);
    }

    /// <summary>What the provider's request asks of the login, within what it is accredited for.</summary>
    public static SessionStart Start(OpenIddictRequest request, ProviderSnapshot provider)
    {
        var registration = provider.Registration!;
        // acr_values lists levels in order of preference (OIDC Core §3.1.2.1): take the first
        // Hawiya knows, never below the level the provider was accredited with.
        var requested = (request.AcrValues ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(v => LevelOfAssuranceNames.TryParseAcr(v, out var level) ? level : LevelOfAssurance.None)
            .FirstOrDefault(l => l != LevelOfAssurance.None);
        if (ClaimsParameter.TryParse(request.GetParameter(Parameters.Claims)?.ToString(), out var claims) && claims.RequestedLevel > requested)
        {
            requested = claims.RequestedLevel;
        }
        return new SessionStart
        {
            ClientId = provider.ClientId,
            RequiredLevel = requested > registration.MinimumLevel ? requested : registration.MinimumLevel,
            Scopes = [.. request.GetScopes()],
            AllowedMethods = registration.AllowedMethods,
            Sector = registration.Sector,
            ProviderName = registration.DisplayName,
            UiLocales = request.UiLocales,
        };
    }
}
