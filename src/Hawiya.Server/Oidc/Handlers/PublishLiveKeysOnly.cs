using Hawiya.Server.Oidc.Keys;
using OpenIddict.Server;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Hawiya.Server.Oidc.Handlers;

/// <summary>
/// The JWKS (RFC 7517 §5) names a retired key only while a token it signed can still be accepted
/// (<see cref="OidcSigningKey.PublishedUntil"/>); after that it is gone from the set, though the
/// server still checks its own codes and refresh tokens with it. Keys not yet signing are
/// published from the start, so relying parties hold them before the first token arrives.
/// </summary>
public sealed class PublishLiveKeysOnly(OidcKeyRing keys, TimeProvider time) : IOpenIddictServerHandler<HandleJsonWebKeySetRequestContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<HandleJsonWebKeySetRequestContext>()
            .UseSingletonHandler<PublishLiveKeysOnly>()
            .SetOrder(OpenIddictServerHandlers.Discovery.AttachSigningKeys.Descriptor.Order + 500)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public ValueTask HandleAsync(HandleJsonWebKeySetRequestContext context)
    {
        var now = time.GetUtcNow();
        context.Keys.RemoveAll(k => !keys.IsPublished(k.Kid, now));
        return ValueTask.CompletedTask;
    }
}
