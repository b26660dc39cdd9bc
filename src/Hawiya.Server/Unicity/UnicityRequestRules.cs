using Hawiya.Contracts.Providers;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;
using static OpenIddict.Server.OpenIddictServerHandlers;

namespace Hawiya.Server.Unicity;

/// <summary>
/// An authorization request with <c>unicity_context</c> (a Hawiya extension parameter, RFC 6749
/// §8.2) is accepted only from a provider accredited for unicity, for a context it registered and
/// has not closed, and with the <c>openid</c> scope (the answer travels in the ID token); anything
/// else is <c>invalid_request</c>, sent back to the client.
/// </summary>
public sealed class ValidateUnicityContext(IGrainFactory grains, UnicityRegistry registry) :
    IOpenIddictServerHandler<ValidateAuthorizationRequestContext>, IOpenIddictServerHandler<ValidatePushedAuthorizationRequestContext>
{
    public static OpenIddictServerHandlerDescriptor AuthorizationDescriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<ValidateAuthorizationRequestContext>()
            .UseSingletonHandler<ValidateUnicityContext>()
            .SetOrder(Authentication.ValidateAuthorizedParty.Descriptor.Order + 700)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public static OpenIddictServerHandlerDescriptor PushedDescriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<ValidatePushedAuthorizationRequestContext>()
            .UseSingletonHandler<ValidateUnicityContext>()
            .SetOrder(int.MaxValue - 98_000)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public ValueTask HandleAsync(ValidateAuthorizationRequestContext context) => CheckAsync(context, context.ClientId, context.Request);

    public ValueTask HandleAsync(ValidatePushedAuthorizationRequestContext context) => CheckAsync(context, context.ClientId, context.Request);

    private async ValueTask CheckAsync(BaseValidatingContext context, string? clientId, OpenIddictRequest request)
    {
        if (request.GetParameter(UnicityAtLogin.Parameter) is not { } parameter || string.IsNullOrEmpty(clientId))
        {
            return;
        }

        if (!request.HasScope(Scopes.OpenId))
        {
            context.Reject(Errors.InvalidRequest, "A unicity context is answered in the ID token: the 'openid' scope is required.");
            return;
        }

        var provider = await grains.GetGrain<IServiceProviderGrain>(clientId).GetAsync();
        var (refusal, detail) = await registry.CheckAsync(provider, parameter.ToString());
        if (refusal != UnicityRefusal.None)
        {
            context.Reject(Errors.InvalidRequest, detail);
        }
    }
}

/// <summary>Discovery (OIDC Discovery 1.0 §3 allows additional metadata): where and how unicity is asked.</summary>
public sealed class UnicityDiscoveryMetadata : IOpenIddictServerHandler<HandleConfigurationRequestContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<HandleConfigurationRequestContext>()
            .UseSingletonHandler<UnicityDiscoveryMetadata>()
            .SetOrder(Discovery.AttachAdditionalMetadata.Descriptor.Order + 600)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public ValueTask HandleAsync(HandleConfigurationRequestContext context)
    {
        context.Metadata["unicity_parameter"] = UnicityAtLogin.Parameter;
        context.Metadata["unicity_endpoint"] = new Uri(context.Issuer!, UnicityEndpoints.ParticipationsPath.TrimStart('/')).AbsoluteUri;
        context.Metadata["unicity_contexts_endpoint"] = new Uri(context.Issuer!, UnicityEndpoints.ContextsPath.TrimStart('/')).AbsoluteUri;
        return ValueTask.CompletedTask;
    }
}
