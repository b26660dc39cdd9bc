using OpenIddict.Abstractions;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;
using static OpenIddict.Server.OpenIddictServerHandlers;

namespace Hawiya.Server.Oidc.Handlers;

/// <summary>
/// Hawiya's stricter reading of the authorization request, applied after OpenIddict has
/// validated client and redirect URI, so refusals go back to the client as errors.
/// </summary>
public sealed class RequireStateAndNonce : IOpenIddictServerHandler<ValidateAuthorizationRequestContext>, IOpenIddictServerHandler<ValidatePushedAuthorizationRequestContext>
{
    public static OpenIddictServerHandlerDescriptor AuthorizationDescriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<ValidateAuthorizationRequestContext>()
            .UseSingletonHandler<RequireStateAndNonce>()
            .SetOrder(Authentication.ValidateAuthorizedParty.Descriptor.Order + 500)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public static OpenIddictServerHandlerDescriptor PushedDescriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<ValidatePushedAuthorizationRequestContext>()
            .UseSingletonHandler<RequireStateAndNonce>()
            .SetOrder(int.MaxValue - 100_000)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public ValueTask HandleAsync(ValidateAuthorizationRequestContext context)
    {
        Check(context, context.Request.State, context.Request.Nonce);
        return ValueTask.CompletedTask;
    }

    public ValueTask HandleAsync(ValidatePushedAuthorizationRequestContext context)
    {
        Check(context, context.Request.State, context.Request.Nonce);
        return ValueTask.CompletedTask;
    }

    private static void Check(BaseValidatingContext context, string? state, string? nonce)
    {
        // RFC 6749 §10.12 leaves state RECOMMENDED and OIDC Core §3.1.2.1 leaves nonce optional
        // for the code flow; a national platform requires both, against CSRF and token replay.
        if (string.IsNullOrEmpty(state))
        {
            context.Reject(Errors.InvalidRequest, "The mandatory 'state' parameter is missing.");
        }
        else if (string.IsNullOrEmpty(nonce))
        {
            context.Reject(Errors.InvalidRequest, "The mandatory 'nonce' parameter is missing.");
        }
    }
}

/// <summary>
/// OIDC RP-Initiated Logout 1.0 §2: a post_logout_redirect_uri is only followed when it
/// exactly matches one registered by the client, so the request must say which client.
/// </summary>
public sealed class RequireClientForPostLogoutRedirect : IOpenIddictServerHandler<ValidateEndSessionRequestContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<ValidateEndSessionRequestContext>()
            .UseSingletonHandler<RequireClientForPostLogoutRedirect>()
            .SetOrder(int.MinValue + 100_000)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public ValueTask HandleAsync(ValidateEndSessionRequestContext context)
    {
        if (!string.IsNullOrEmpty(context.Request.PostLogoutRedirectUri)
            && string.IsNullOrEmpty(context.Request.ClientId)
            && string.IsNullOrEmpty(context.Request.IdTokenHint))
        {
            context.Reject(Errors.InvalidRequest, "A post_logout_redirect_uri needs the client_id or the id_token_hint that names its client.");
        }

        return ValueTask.CompletedTask;
    }
}

/// <summary>
/// RFC 6749 §4.1.2.1: only a missing or invalid client or redirect URI is shown to the user
/// instead of being redirected; every other refusal (missing PKCE, state or nonce, a scope the
/// provider is not accredited for, ...) goes back to the client's registered redirect URI with
/// its state. OpenIddict shows every validation error locally, so the redirect URI is put back
/// here once it is known to be exactly one the (accredited) client registered.
/// </summary>
public sealed class RedirectRefusalsToTheClient(IOpenIddictApplicationManager applications) : IOpenIddictServerHandler<ApplyAuthorizationResponseContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<ApplyAuthorizationResponseContext>()
            .UseScopedHandler<RedirectRefusalsToTheClient>()
            .SetOrder(Authentication.AttachRedirectUri.Descriptor.Order + 500)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public async ValueTask HandleAsync(ApplyAuthorizationResponseContext context)
    {
        if (!string.IsNullOrEmpty(context.RedirectUri) || context.Request is not { } request || string.IsNullOrEmpty(context.Response.Error)
            || string.IsNullOrEmpty(request.ClientId) || string.IsNullOrEmpty(request.RedirectUri)
            || context.Response.Error is Errors.InvalidClient or Errors.UnauthorizedClient)
        {
            return;
        }

        if (await applications.FindByClientIdAsync(request.ClientId) is { } application
            && await applications.ValidateRedirectUriAsync(application, request.RedirectUri))
        {
            context.RedirectUri = request.RedirectUri;
        }
    }
}

/// <summary>
/// RFC 6749 §4.1.2.1 and §5.2: a scope the provider is not accredited for is
/// <c>invalid_scope</c>, which tells the provider exactly what to fix.
/// </summary>
public sealed class RefuseUnaccreditedScopes(IOpenIddictApplicationManager applications) :
    IOpenIddictServerHandler<ValidateAuthorizationRequestContext>, IOpenIddictServerHandler<ValidatePushedAuthorizationRequestContext>
{
    public static OpenIddictServerHandlerDescriptor AuthorizationDescriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<ValidateAuthorizationRequestContext>()
            .UseScopedHandler<RefuseUnaccreditedScopes>()
            .SetOrder(Authentication.ValidateScopePermissions.Descriptor.Order - 1)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public static OpenIddictServerHandlerDescriptor PushedDescriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<ValidatePushedAuthorizationRequestContext>()
            .UseScopedHandler<RefuseUnaccreditedScopes>()
            .SetOrder(Authentication.ValidatePushedScopePermissions.Descriptor.Order - 1)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public ValueTask HandleAsync(ValidateAuthorizationRequestContext context) => CheckAsync(context, context.ClientId, context.Request.GetScopes());

    public ValueTask HandleAsync(ValidatePushedAuthorizationRequestContext context) => CheckAsync(context, context.ClientId, context.Request.GetScopes());

    private async ValueTask CheckAsync(BaseValidatingContext context, string? clientId, IEnumerable<string> scopes)
    {
        if (string.IsNullOrEmpty(clientId) || await applications.FindByClientIdAsync(clientId) is not { } application)
        {
            return;
        }

        foreach (var scope in scopes.Where(s => s != Scopes.OpenId))
        {
            if (!await applications.HasPermissionAsync(application, Permissions.Prefixes.Scope + scope))
            {
                context.Reject(Errors.InvalidScope, $"This service is not accredited for the scope '{scope}'.");
                return;
            }
        }
    }
}

/// <summary>OIDC Core §5.5: a claims parameter that is not the JSON object described is invalid_request.</summary>
public sealed class ValidateClaimsParameter : IOpenIddictServerHandler<ValidateAuthorizationRequestContext>, IOpenIddictServerHandler<ValidatePushedAuthorizationRequestContext>
{
    public static OpenIddictServerHandlerDescriptor AuthorizationDescriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<ValidateAuthorizationRequestContext>()
            .UseSingletonHandler<ValidateClaimsParameter>()
            .SetOrder(Authentication.ValidateAuthorizedParty.Descriptor.Order + 600)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public static OpenIddictServerHandlerDescriptor PushedDescriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<ValidatePushedAuthorizationRequestContext>()
            .UseSingletonHandler<ValidateClaimsParameter>()
            .SetOrder(int.MaxValue - 99_000)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public ValueTask HandleAsync(ValidateAuthorizationRequestContext context) => Check(context, context.Request);

    public ValueTask HandleAsync(ValidatePushedAuthorizationRequestContext context) => Check(context, context.Request);

    private static ValueTask Check(BaseValidatingContext context, OpenIddictRequest request)
    {
        if (!Release.ClaimsParameter.TryParse(request.GetParameter(Parameters.Claims)?.ToString(), out _))
        {
            context.Reject(Errors.InvalidRequest, "The 'claims' parameter must be a JSON object (OIDC Core §5.5).");
        }

        return ValueTask.CompletedTask;
    }
}
