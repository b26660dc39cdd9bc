using System.Collections.Immutable;
using Hawiya.Server.Oidc.Assertions;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;
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
        // RFC 8414 §2: an endpoint offering private_key_jwt MUST list the algorithms its assertions
        // may be signed with. PAR has no metadata of its own for it: RFC 9126 §2 uses the token
        // endpoint's.
        Publish(context, context.TokenEndpointAuthenticationMethods, Metadata.TokenEndpointAuthSigningAlgValuesSupported);
        Publish(context, context.IntrospectionEndpointAuthenticationMethods, Metadata.IntrospectionEndpointAuthSigningAlgValuesSupported);
        Publish(context, context.RevocationEndpointAuthenticationMethods, Metadata.RevocationEndpointAuthSigningAlgValuesSupported);
        return ValueTask.CompletedTask;
    }

    private static void Publish(HandleConfigurationRequestContext context, HashSet<string> methods, string algorithms)
    {
        if (methods.Contains(ClientAuthenticationMethods.PrivateKeyJwt))
        {
            context.Metadata[algorithms] = new OpenIddictParameter(ClientAssertions.SigningAlgorithms.ToImmutableArray<string?>());
        }
    }
}
