using OpenIddict.Abstractions;
using OpenIddict.Server;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Hawiya.Server.Oidc.Handlers;

/// <summary>Discovery metadata OpenIddict does not derive itself (OIDC Discovery 1.0 §3).</summary>
public sealed class DiscoveryMetadata : IOpenIddictServerHandler<HandleConfigurationRequestContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<HandleConfigurationRequestContext>()
            .UseSingletonHandler<DiscoveryMetadata>()
            // After OpenIddict wrote its own metadata, which says the claims parameter is not supported.
            .SetOrder(OpenIddictServerHandlers.Discovery.AttachAdditionalMetadata.Descriptor.Order + 500)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public ValueTask HandleAsync(HandleConfigurationRequestContext context)
    {
        context.Metadata["acr_values_supported"] = new OpenIddictParameter(["eidas1", "eidas2", "eidas3"]);
        context.Metadata["ui_locales_supported"] = new OpenIddictParameter(["fr", "en", "ar"]);
        context.Metadata["claims_parameter_supported"] = true;
        // Back-Channel Logout 1.0 §2.1: logout tokens name the pairwise sub, not a sid.
        context.Metadata["backchannel_logout_supported"] = true;
        context.Metadata["backchannel_logout_session_supported"] = false;
        return ValueTask.CompletedTask;
    }
}
