using Hawiya.Server.Oidc.Stores;
using Microsoft.AspNetCore;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Server.OpenIddictServerEvents;
using static OpenIddict.Server.OpenIddictServerHandlers;

namespace Hawiya.Server.Oidc.Endpoints;

/// <summary>
/// A login begins where its request is validated, once. A plain authorization request is
/// validated by OpenIddict, kept behind a request token, and answered with the first page in the
/// same response (instead of a redirection to the same endpoint with the request_uri, where
/// OpenIddict would look the request token up again); a pushed request (RFC 9126) carries its
/// start to the session with its request token, and the login begins when the browser brings it.
/// Either way the session gets the start in the call that stores the request token.
/// </summary>
public static class LoginStart
{
    /// <summary>
    /// While a plain authorization request or a pushed one is turned into a request token: the
    /// login's start, from the request just validated, goes to the session with it.
    /// </summary>
    public sealed class CarryTheStart(RequestProviders providers) : IOpenIddictServerHandler<ProcessSignInContext>
    {
        public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
            OpenIddictServerHandlerDescriptor.CreateBuilder<ProcessSignInContext>()
                .UseSingletonHandler<CarryTheStart>()
                .SetOrder(ValidateSignInDemand.Descriptor.Order + 1_000)
                .SetType(OpenIddictServerHandlerType.Custom)
                .Build();

        public async ValueTask HandleAsync(ProcessSignInContext context)
        {
            var plain = context.EndpointType == OpenIddictServerEndpointType.Authorization && string.IsNullOrEmpty(context.Request.RequestUri);
            if (!plain && context.EndpointType != OpenIddictServerEndpointType.PushedAuthorization)
            {
                return;
            }

            if (context.Request.ClientId is not { } clientId
                || context.Transaction.GetHttpRequest()?.HttpContext.RequestServices.GetService<IOpenIddictTokenStore<OidcToken>>() is not GrainTokenStore tokens)
            {
                return;
            }

            // A provider not accredited gets no start: its request is refused where the flow decides.
            var provider = await providers.GetAsync(clientId);
            if (provider.IsAccredited && provider.Registration is not null)
            {
                tokens.StartWith(AuthorizationFlow.Start(context.Request, provider), beginNow: plain);
            }
        }
    }

    /// <summary>
    /// Before OpenIddict redirects a plain authorization request to itself with the request_uri
    /// it made: the flow's first page, when the login begins with one, answered here instead.
    /// Anything else (single sign-on, prompt=none, a refusal) takes the redirection as before.
    /// </summary>
    public sealed class ServeTheFirstPage(AuthorizationFlow flow) : IOpenIddictServerHandler<ApplyAuthorizationResponseContext>
    {
        public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
            OpenIddictServerHandlerDescriptor.CreateBuilder<ApplyAuthorizationResponseContext>()
                .UseSingletonHandler<ServeTheFirstPage>()
                .SetOrder(OpenIddictServerAspNetCoreHandlers.Authentication.ProcessSelfRedirection.Descriptor.Order - 1_000)
                .SetType(OpenIddictServerHandlerType.Custom)
                .Build();

        public async ValueTask HandleAsync(ApplyAuthorizationResponseContext context)
        {
            if (context.Request is not { } request || !string.IsNullOrEmpty(request.RequestUri)
                || string.IsNullOrEmpty(context.Response.RequestUri) || !string.IsNullOrEmpty(context.Response.Error)
                || context.Transaction.GetHttpRequest()?.HttpContext is not { } http)
            {
                return;
            }

            var cached = new OpenIddictRequest(request.GetParameters()) { RequestUri = context.Response.RequestUri };
            if (await flow.FirstPageAsync(http, cached) is { } page)
            {
                await page.ExecuteAsync(http);
                context.HandleRequest();
            }
        }
    }
}
