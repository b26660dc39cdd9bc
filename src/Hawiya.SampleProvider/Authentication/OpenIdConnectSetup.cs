using Hawiya.SampleProvider.Hosting;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace Hawiya.SampleProvider.Authentication;

/// <summary>How the standard ASP.NET Core OpenID Connect handler is set up to talk to Hawiya.</summary>
internal static class OpenIdConnectSetup
{
    public static void Configure(
        OpenIdConnectOptions options,
        SampleProviderSettings settings,
        IHostEnvironment environment,
        IHttpClientFactory httpClients)
    {
        options.Authority = settings.Authority;
        options.ClientId = settings.ClientId;
        options.ClientSecret = settings.ClientSecret;

        // SECURITY: plain-HTTP discovery only for a loopback provider in Development; the
        // settings validation has already refused anything else.
        options.RequireHttpsMetadata = !(environment.IsDevelopment() && SampleProviderSettings.IsLoopbackHttp(settings.AuthorityUri));

        // Authorization code flow (Core §3.1) with PKCE S256 (RFC 7636 §4.2): the code is useless
        // to whoever intercepts the redirect without the verifier kept in this browser's state.
        options.ResponseType = OpenIdConnectResponseType.Code;
        options.ResponseMode = OpenIdConnectResponseMode.Query;
        options.UsePkce = true;

        // RFC 9126: push the authorization request over the back channel when discovery
        // advertises pushed_authorization_request_endpoint; the browser then carries only a
        // request_uri, so the parameters can be neither read nor altered on the way.
        options.PushedAuthorizationBehavior = PushedAuthorizationBehavior.UseIfAvailable;

        options.Scope.Clear();
        foreach (var scope in settings.ScopeList)
        {
            options.Scope.Add(scope);
        }

        options.CallbackPath = SampleProviderSchemes.CallbackPath;
        options.SignedOutCallbackPath = SampleProviderSchemes.SignedOutCallbackPath;
        options.SignInScheme = SampleProviderSchemes.Cookie;
        options.SignOutScheme = SampleProviderSchemes.Cookie;

        // Keep the tokens in the (encrypted) session: the account page shows them, the refresh
        // button needs the refresh token and RP-initiated logout sends the ID token as a hint.
        options.SaveTokens = true;
        options.GetClaimsFromUserInfoEndpoint = true;

        // Claims keep their OIDC names (sub, acr, amr, sid) instead of WS-Federation URIs.
        options.MapInboundClaims = false;
        options.TokenValidationParameters.NameClaimType = "sub";

        // SECURITY: the ID token's signature is checked against the provider's JWKS, with the
        // algorithms registered for this client only (Core §3.1.3.7 step 7).
        options.TokenValidationParameters.ValidAlgorithms = settings.SigningAlgorithmList;

        // No x-client-SKU / x-client-ver parameters: the provider has no use for our library versions.
        options.DisableTelemetry = true;

        // The authorization response comes back as a top-level GET (response_mode=query), which
        // SameSite=Lax cookies survive; Lax also works on http://127.0.0.1 where None would not.
        var securePolicy = SessionCookie.SecurePolicy(environment);
        options.CorrelationCookie.SameSite = SameSiteMode.Lax;
        options.CorrelationCookie.SecurePolicy = securePolicy;
        options.NonceCookie.SameSite = SameSiteMode.Lax;
        options.NonceCookie.SecurePolicy = securePolicy;

        // One client for discovery, JWKS, PAR, token and userinfo calls, with client_secret_basic applied.
        options.Backchannel = httpClients.CreateClient(SampleProviderSchemes.ProviderHttpClient);

        options.EventsType = typeof(HawiyaOpenIdConnectEvents);
    }
}
