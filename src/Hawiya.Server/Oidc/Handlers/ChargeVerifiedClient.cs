using Microsoft.AspNetCore;
using OpenIddict.Server;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Hawiya.Server.Oidc.Handlers;

/// <summary>
/// SECURITY: a provider's quota is spent only by requests OpenIddict has validated as that
/// provider's. Before this ran first in the pipeline on the <c>client_id</c> a request merely
/// named, so anyone could make another provider's citizens and back end get 429. The Handle
/// events run after every Validate handler (client authentication included, RFC 6749 §2.3), so
/// <c>client_id</c> is then verified.
/// </summary>
public sealed class ChargeVerifiedClient<TContext>(IEnumerable<IProviderQuotaCharge> charges) : IOpenIddictServerHandler<TContext>
    where TContext : BaseRequestContext
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<TContext>()
            .UseSingletonHandler<ChargeVerifiedClient<TContext>>()
            // Before every built-in handler of the Handle event (theirs start at int.MinValue + 100 000).
            .SetOrder(int.MinValue + 50_000)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public async ValueTask HandleAsync(TContext context)
    {
        if (context.Transaction.Request?.ClientId is not { Length: > 0 } clientId || context.Transaction.GetHttpRequest() is not { } request)
        {
            return;
        }

        foreach (var charge in charges)
        {
            if (!await charge.TryChargeAsync(request.HttpContext, clientId))
            {
                // The 429 is written: OpenIddict must not write a response of its own.
                context.HandleRequest();
                return;
            }
        }
    }
}

/// <summary>The endpoints whose requests name a client OpenIddict verifies before their Handle event.</summary>
public static class ChargeVerifiedClient
{
    public static IEnumerable<OpenIddictServerHandlerDescriptor> Descriptors { get; } =
    [
        ChargeVerifiedClient<HandleAuthorizationRequestContext>.Descriptor,
        ChargeVerifiedClient<HandlePushedAuthorizationRequestContext>.Descriptor,
        ChargeVerifiedClient<HandleTokenRequestContext>.Descriptor,
        ChargeVerifiedClient<HandleIntrospectionRequestContext>.Descriptor,
        ChargeVerifiedClient<HandleRevocationRequestContext>.Descriptor,
    ];
}
