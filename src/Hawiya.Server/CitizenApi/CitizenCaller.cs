using Hawiya.Contracts.Common;
using Hawiya.Contracts.Sessions;
using Hawiya.Server.Oidc.Handlers;
using Hawiya.Server.Oidc.Release;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;
using OpenIddict.Validation.AspNetCore;

namespace Hawiya.Server.CitizenApi;

/// <summary>The citizen behind a citizen-API request, and how they logged in.</summary>
public sealed record CitizenCaller(string CitizenKey, string SessionId, LevelOfAssurance Level, DateTimeOffset AuthTime);

/// <summary>
/// Admits a request carrying a valid access token (RFC 6750 §2.1) issued to the citizen portal
/// with the <c>hawiya.citizen</c> scope, for a login session still live; the caller is then
/// the citizen of that session. Refusals follow RFC 6750 §3.1 in <c>WWW-Authenticate</c> and
/// RFC 9457 in the body.
/// </summary>
internal sealed class CitizenAuthorization(IGrainFactory grains, IOptions<CitizenApiSettings> settings) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (!http.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            // RFC 6750 §3.1: a request without credentials gets a challenge and no error code.
            return CitizenProblems.Unauthorized(http, error: null, "An access token is required (Authorization: Bearer).");
        }

        var result = await http.AuthenticateAsync(OpenIddictValidationAspNetCoreDefaults.AuthenticationScheme);
        if (!result.Succeeded || result.Principal is not { } principal)
        {
            return CitizenProblems.Unauthorized(http, "invalid_token", "The access token is invalid or expired.");
        }

        if (!principal.HasScope(ScopeCatalog.CitizenScope))
        {
            return CitizenProblems.InsufficientScope(http, ScopeCatalog.CitizenScope);
        }

        var sessionId = ProviderTokenClaims.Of(principal);
        var session = sessionId is null ? null : await grains.GetGrain<IAuthSessionGrain>(sessionId).GetAsync();
        if (session is null || session.Status == SessionStatus.Revoked || session.Authentication is not { } authentication)
        {
            return CitizenProblems.Unauthorized(http, "invalid_token", "The login behind this access token is no longer valid.");
        }

        // SECURITY: the scope alone is not enough: only tokens the portal itself obtained act for
        // the citizen here, so no other provider can turn a login into control of the identity.
        if (!string.Equals(session.Start?.ClientId, settings.Value.PortalClientId, StringComparison.Ordinal))
        {
            return CitizenProblems.InsufficientScope(http, ScopeCatalog.CitizenScope, "This access token was not issued to the citizen portal.");
        }

        http.Items[typeof(CitizenCaller)] = new CitizenCaller(authentication.CitizenKey, session.SessionId, authentication.Level, authentication.AuthTime);
        return await next(context);
    }
}

internal static class CitizenCallerExtensions
{
    public static CitizenCaller Caller(this HttpContext http) =>
        http.Items[typeof(CitizenCaller)] as CitizenCaller ?? throw new InvalidOperationException("The citizen API filter did not run.");
}
