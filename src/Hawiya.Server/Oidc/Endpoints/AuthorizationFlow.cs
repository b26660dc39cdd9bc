using Hawiya.Contracts.Citizens;
using Hawiya.Contracts.Common;
using Hawiya.Contracts.Journal;
using Hawiya.Server.Citizens.Receipts;
using Hawiya.Contracts.Providers;
using Hawiya.Contracts.Sessions;
using Hawiya.Server.Oidc.Release;
using Hawiya.Server.Oidc.Pages;
using Hawiya.Server.Oidc.Stores;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Hawiya.Server.Oidc.Endpoints;

/// <summary>
/// The authorization endpoint after OpenIddict validated the request (client, redirect URI,
/// PKCE, scopes) and cached it behind a request_uri naming a fresh login session. Every login
/// page posts back here; the session grain keeps the state between pages.
/// </summary>
public sealed class AuthorizationFlow(IGrainFactory grains, RequestProviders providers, LoginSteps steps, LoginFlowCookie flowCookie, ClaimRelease release, Microsoft.Extensions.Options.IOptions<OidcSettings> settings, TimeProvider time)
{
    public const string RequestUriPrefix = "urn:ietf:params:oauth:request_uri:";

    public async Task<IResult> HandleAsync(HttpContext http)
    {
        var request = http.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("No OpenID Connect request here.");
        var texts = Texts.For(request.UiLocales, http.Request.Cookies["hawiya.lang"]);
        var sessionId = request.RequestUri is { } uri && uri.StartsWith(RequestUriPrefix, StringComparison.Ordinal)
            ? SessionIds.SessionOf(uri[RequestUriPrefix.Length..])
            : null;
        if (sessionId is null)
        {
            return Page(LoginPages.Message(texts, texts["closed"]), StatusCodes.Status400BadRequest);
        }

        var session = grains.GetGrain<IAuthSessionGrain>(sessionId);
        var providerTask = providers.GetAsync(request.ClientId!);
        var view = await session.GetAsync();
        var provider = await providerTask;
        if (!provider.IsAccredited || provider.Registration is null)
        {
            return Forbid(Errors.UnauthorizedClient, "This service provider is not accredited.");
        }

        if (view.Start is null)
        {
            view = await session.BeginAsync(Start(request, provider));
            flowCookie.Issue(http, sessionId);
        }
        else if (!flowCookie.Matches(http, sessionId))
        {
            return Page(LoginPages.Message(texts, texts["foreign_browser"]), StatusCodes.Status403Forbidden);
        }

        var flow = new FlowContext { Http = http, Request = request, SessionId = sessionId, Session = session, Provider = provider, View = view, Texts = texts };
        if (view.Status is SessionStatus.Denied or SessionStatus.Revoked)
        {
            return Forbid(Errors.AccessDenied, "The login was cancelled, refused or not completed in time.");
        }

        if (HttpMethods.IsPost(http.Request.Method) && http.Request.HasFormContentType
            && (await http.Request.ReadFormAsync()).TryGetValue("step", out var step))
        {
            return await steps.HandleAsync(this, flow, step.ToString(), http.Request.Form);
        }

        return await ContinueAsync(flow, error: null);
    }

    /// <summary>Shows what the session needs next, or completes the authorization.</summary>
    public async Task<IResult> ContinueAsync(FlowContext flow, string? error)
    {
        if (flow.View.Authentication is null && !flow.HasPrompt(PromptValues.Login))
        {
            await TrySingleSignOnAsync(flow);
        }

        if (flow.View.Authentication is null)
        {
            return flow.HasPrompt(PromptValues.None)
                ? Forbid(Errors.LoginRequired, "The citizen is not signed in at the level requested.")
                : await steps.RenderLoginAsync(flow, error);
        }

        return await AuthorizeAsync(flow, consentGiven: false);
    }

    /// <summary>Consent, then the code: the citizen is authenticated at the level required.</summary>
    public async Task<IResult> AuthorizeAsync(FlowContext flow, bool consentGiven)
    {
        var authentication = flow.View.Authentication!;
        var citizen = await grains.GetGrain<ICitizenGrain>(authentication.CitizenKey).GetReleaseAsync(flow.Registration.Sector, flow.Provider.ClientId);
        if (citizen.Status != CitizenStatus.Active)
        {
            return Forbid(Errors.AccessDenied, "This digital identity is not active.");
        }

        var scopes = flow.Request.GetScopes().ToArray();
        var claims = RequestedClaims(flow, scopes);
        var consented = citizen.Consent is { } consent
            && scopes.All(s => s == Scopes.OpenId || consent.Scopes.Contains(s))
            && claims.All(c => consent.Claims.Contains(c));
        if (!consentGiven && (!consented || flow.HasPrompt(PromptValues.Consent)))
        {
            return flow.HasPrompt(PromptValues.None)
                ? Forbid(Errors.ConsentRequired, "The citizen has not consented to share what this service asks for.")
                : Page(LoginPages.Consent(flow.Frame, await Task.WhenAll(scopes.Where(ScopeCatalog.ByName.ContainsKey).Select(s => GrainScopeStore.DescribeAsync(grains, s))), claims));
        }

        var attributes = release.Release(citizen, authentication.CitizenKey, scopes, claims);
        await CardClaimRelease.AddAsync(grains, flow.SessionId, authentication, attributes, scopes, claims);
        var tokenLifetime = scopes.Contains(Scopes.OfflineAccess) ? settings.Value.RefreshTokenLifetime : settings.Value.AccessTokenLifetime;
        var principal = CitizenPrincipal.Create(authentication, citizen.Subject, flow.SessionId, scopes, attributes, flow.Registration.IdTokenSignedResponseAlg);
        // A poll closed since the request was validated refuses the login before anything else is recorded.
        if (await Unicity.UnicityAtLogin.RecordAsync(flow, authentication.CitizenKey, principal) is { } unicityRefusal)
        {
            return unicityRefusal;
        }

        await flow.Session.AuthorizeBeforeCodeAsync(citizen.Subject, scopes, claims, time.GetUtcNow() + tokenLifetime);
        // The use and its signed, chained receipt are durable (one write) before any token leaves.
        var receiptId = await grains.GetGrain<ICitizenJournalGrain>(authentication.CitizenKey).RecordUseAsync(new JournalEvent
        {
            Kind = JournalEventKind.Use,
            At = time.GetUtcNow(),
            ClientId = flow.Provider.ClientId,
            Level = authentication.Level,
            Methods = authentication.Methods,
            ReleasedClaims = [.. attributes.Keys.Order(StringComparer.Ordinal)],
        }, UseReceipts.Request(flow, settings.Value, citizen.Subject, authentication, attributes));
        principal = principal.WithReceipt(receiptId);
        return Results.SignIn(principal, properties: null, OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    /// <summary>
    /// Claims asked for one by one through the claims parameter (OIDC Core §5.5), beyond the
    /// scopes requested, kept only when the provider is accredited for the scope they belong to.
    /// </summary>
    public static string[] RequestedClaims(FlowContext flow, IReadOnlyCollection<string> scopes)
    {
        ClaimsParameter.TryParse(flow.Request.GetParameter(Parameters.Claims)?.ToString(), out var parameter);
        var accredited = flow.Registration.AllowedScopes;
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
    private async Task TrySingleSignOnAsync(FlowContext flow)
    {
        if (await SingleSignOn.ReadAsync(flow.Http) is not { } earlier)
        {
            return;
        }

        if (flow.Request.MaxAge is { } maxAge && time.GetUtcNow() > earlier.AuthTime.AddSeconds(maxAge))
        {
            return;
        }

        if (!await grains.GetGrain<IAuthSessionGrain>(earlier.OriginSessionId).IsAuthenticationLiveAsync())
        {
            return;
        }

        if (await IdTokenHintSubjectAsync(flow) is { } hinted)
        {
            var release = await grains.GetGrain<ICitizenGrain>(earlier.CitizenKey).GetReleaseAsync(flow.Registration.Sector, flow.Provider.ClientId);
            if (release.Subject != hinted)
            {
                return;
            }
        }

        flow.View = await flow.Session.AdoptAuthenticationAsync(earlier);
    }

    private static async Task<string?> IdTokenHintSubjectAsync(FlowContext flow)
    {
        if (string.IsNullOrEmpty(flow.Request.IdTokenHint))
        {
            return null;
        }

        // OpenIddict validated the hint's signature and issuer; its principal is the hint's.
        var result = await flow.Http.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        return result.Principal?.GetClaim(Claims.Subject);
    }

    private static SessionStart Start(OpenIddictRequest request, ProviderSnapshot provider)
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
        };
    }
}
