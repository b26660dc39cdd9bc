using System.Security.Claims;
using Hawiya.Contracts.Citizens;
using Hawiya.Contracts.Sessions;
using Hawiya.Server.Oidc.Release;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Hawiya.Server.Oidc.Handlers;

/// <summary>
/// The token endpoint's decision. Codes and refresh tokens were already checked by
/// OpenIddict (signature, expiry, single use, client binding, PKCE, and that their session
/// is not revoked); their principal is signed in again as is. Client credentials get a
/// principal naming the client itself (RFC 6749 §4.4).
/// </summary>
public sealed class HandleTokenRequest(Microsoft.Extensions.Options.IOptions<OidcSettings> settings) : IOpenIddictServerHandler<HandleTokenRequestContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<HandleTokenRequestContext>()
            .UseSingletonHandler<HandleTokenRequest>()
            // After OpenIddict attached the validated principals to the context.
            .SetOrder(int.MinValue + 200_000)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public ValueTask HandleAsync(HandleTokenRequestContext context)
    {
        if (context.Request.IsAuthorizationCodeGrantType() || context.Request.IsRefreshTokenGrantType())
        {
            var principal = context.AuthorizationCodePrincipal ?? context.RefreshTokenPrincipal!;
            if (principal.GetClaim(ChooseSigningKey.IdTokenAlgorithmClaim) is { } algorithm)
            {
                context.Transaction.Properties[ChooseSigningKey.TransactionProperty] = algorithm;
            }

            // A refresh token issued before access tokens named their audience carries none, and the
            // access token issued from it would be refused by every API (RFC 9068 §4): name it here.
            var audience = settings.Value.AccessTokenAudience;
            if (!principal.HasResource(audience))
            {
                principal.SetResources(principal.GetResources().Add(audience));
            }

            context.SignIn(principal);
            return ValueTask.CompletedTask;
        }

        if (context.Request.IsClientCredentialsGrantType())
        {
            var identity = new ClaimsIdentity(TokenValidationParameters.DefaultAuthenticationType, Claims.Name, Claims.Role);
            identity.SetClaim(Claims.Subject, context.ClientId!);
            identity.SetScopes(context.Request.GetScopes());
            identity.SetResources(settings.Value.AccessTokenAudience);
            identity.SetDestinations(_ => [Destinations.AccessToken]);
            context.SignIn(new ClaimsPrincipal(identity));
            return ValueTask.CompletedTask;
        }

        context.Reject(Errors.UnsupportedGrantType, "This grant type is not supported.");
        return ValueTask.CompletedTask;
    }
}

/// <summary>
/// The userinfo endpoint (OIDC Core §5.3): attributes are recomputed from the session and the
/// citizen at each call, within the scopes consented for that login, so nothing personal
/// travels in the access token and a withdrawn consent or frozen identity shows at once.
/// </summary>
public sealed class HandleUserInfoRequest(
    IGrainFactory grains, ClaimRelease release, Microsoft.Extensions.Options.IOptions<OidcSettings> settings, OpenIddict.Abstractions.IOpenIddictTokenStore<Stores.OidcToken> tokens)
    : IOpenIddictServerHandler<HandleUserInfoRequestContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<HandleUserInfoRequestContext>()
            // Scoped: it reads the session the request's stores already read (the access token's authorization).
            .UseScopedHandler<HandleUserInfoRequest>()
            // After OpenIddict attached the validated principals to the context.
            .SetOrder(int.MinValue + 200_000)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public async ValueTask HandleAsync(HandleUserInfoRequestContext context)
    {
        var principal = context.AccessTokenPrincipal;
        // SECURITY: RFC 9068 §4: a resource server refuses a token whose aud does not name it.
        if (!principal.HasAudience(settings.Value.AccessTokenAudience))
        {
            context.Reject(Errors.InvalidToken, "This access token is not for this resource (aud).");
            return;
        }

        var sessionId = principal.GetAuthorizationId();
        if (sessionId is null)
        {
            // A client-credentials token names a provider, not a citizen.
            context.Reject(Errors.InsufficientAccess, "This access token was not issued for a citizen.");
            return;
        }

        // OpenIddict checked the token's authorization a moment ago and the stores kept the session read with it.
        var session = (tokens as Stores.GrainTokenStore)?.SessionReadWithToken(sessionId)
            ?? await grains.GetGrain<IAuthSessionGrain>(sessionId).GetAsync();
        if (session.Authentication is not { } authentication || session.Start is not { } start || session.Status == SessionStatus.Revoked)
        {
            context.Reject(Errors.InvalidToken, "The login behind this access token is no longer valid.");
            return;
        }

        var citizen = await grains.GetGrain<ICitizenGrain>(authentication.CitizenKey).GetReleaseAsync(start.Sector, start.ClientId);
        if (citizen.Status != CitizenStatus.Active)
        {
            context.Reject(Errors.InvalidToken, "The digital identity behind this access token is not active.");
            return;
        }

        context.Subject = citizen.Subject;
        var scopes = principal.GetScopes().Intersect(session.AuthorizedScopes, StringComparer.Ordinal);
        foreach (var (type, value) in release.Release(citizen, authentication.CitizenKey, scopes, session.AuthorizedClaims))
        {
            context.Claims[type] = ClaimRelease.StructuredValue(type, value) is { } structured ? new OpenIddictParameter(structured) : new OpenIddictParameter(value);
        }
    }
}

/// <summary>
/// RFC 7662 §2.2 lets an introspection response carry more claims: resource servers of a
/// national platform need the level of assurance the citizen logged in with.
/// </summary>
public sealed class AddLevelToIntrospection : IOpenIddictServerHandler<HandleIntrospectionRequestContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<HandleIntrospectionRequestContext>()
            .UseSingletonHandler<AddLevelToIntrospection>()
            .SetOrder(int.MinValue + 200_000)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public ValueTask HandleAsync(HandleIntrospectionRequestContext context)
    {
        if (context.GenericTokenPrincipal?.GetClaim(Claims.AuthenticationContextReference) is { } acr)
        {
            context.Claims[Claims.AuthenticationContextReference] = acr;
        }

        return ValueTask.CompletedTask;
    }
}
