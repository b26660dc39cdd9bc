using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Caching.Memory;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;
using static OpenIddict.Server.OpenIddictServerHandlers;

namespace Hawiya.Server.Oidc.Endpoints;

/// <summary>
/// Every login page posts back to the authorization endpoint with its request_uri, and OpenIddict
/// opens the request token behind it each time: the entry is read from the session (which says
/// whether it is still valid), then the payload is decrypted and its signature verified. The
/// payload never changes, so this silo opens it once per login and keeps what it read, keyed by a
/// digest of the exact payload.
/// SECURITY: only the cryptography is skipped, for bytes this silo already decrypted and verified.
/// The entry is still read from the session on every page (so an unknown, swapped or used-up
/// request_uri is refused as before: its payload comes from the store, not from the browser),
/// and the expiry, the entry's status and its authorization are still checked by OpenIddict.
/// </summary>
public sealed class VerifiedRequestTokens : IDisposable
{
    /// <summary>Logins in progress on one silo at peak; beyond this, the oldest are opened again.</summary>
    public const int Capacity = 50_000;

    /// <summary>A login takes seconds to minutes; a payload not seen for this long is forgotten.</summary>
    public static readonly TimeSpan Idle = TimeSpan.FromMinutes(5);

    private const string FromCache = "hawiya:request_token_from_cache";

    private readonly MemoryCache _opened = new(new MemoryCacheOptions { SizeLimit = Capacity });

    public void Dispose() => _opened.Dispose();

    /// <summary>A copy of what was read from this payload, or null when this silo has not opened it.</summary>
    public ClaimsPrincipal? Find(string payload) =>
        _opened.TryGetValue(Key(payload), out ClaimsPrincipal? principal) ? Copy(principal!) : null;

    public void Keep(string payload, ClaimsPrincipal principal) =>
        _opened.Set(Key(payload), Copy(principal), new MemoryCacheEntryOptions { Size = 1, SlidingExpiration = Idle });

    /// <summary>
    /// A deep copy: OpenIddict adds claims to the principal of each request, and requests run in
    /// parallel (<see cref="ClaimsPrincipal.Clone"/> would share the identities).
    /// </summary>
    private static ClaimsPrincipal Copy(ClaimsPrincipal principal) => new(principal.Identities.Select(i => i.Clone()));

    private static string Key(string payload) => Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(payload)));

    private static bool IsStoredRequestToken(ValidateTokenContext context) =>
        context.IsReferenceToken
        && context.ValidTokenTypes.Count == 1
        && context.ValidTokenTypes.Contains(TokenTypeIdentifiers.Private.RequestToken);

    /// <summary>Before OpenIddict decrypts and verifies: the principal read earlier from the same payload.</summary>
    public sealed class Reuse(VerifiedRequestTokens tokens) : IOpenIddictServerHandler<ValidateTokenContext>
    {
        public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
            OpenIddictServerHandlerDescriptor.CreateBuilder<ValidateTokenContext>()
                .UseSingletonHandler<Reuse>()
                .SetOrder(Protection.ValidateIdentityModelToken.Descriptor.Order - 500)
                .SetType(OpenIddictServerHandlerType.Custom)
                .Build();

        public ValueTask HandleAsync(ValidateTokenContext context)
        {
            if (context.Principal is null && IsStoredRequestToken(context) && tokens.Find(context.Token) is { } principal)
            {
                context.Principal = principal;
                context.Transaction.Properties[FromCache] = true;
            }

            return ValueTask.CompletedTask;
        }
    }

    /// <summary>After OpenIddict decrypted and verified a stored request token: keep what it read.</summary>
    public sealed class Remember(VerifiedRequestTokens tokens) : IOpenIddictServerHandler<ValidateTokenContext>
    {
        public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
            OpenIddictServerHandlerDescriptor.CreateBuilder<ValidateTokenContext>()
                .UseSingletonHandler<Remember>()
                .SetOrder(Protection.ValidateIdentityModelToken.Descriptor.Order + 500)
                .SetType(OpenIddictServerHandlerType.Custom)
                .Build();

        public ValueTask HandleAsync(ValidateTokenContext context)
        {
            if (context.Principal is { } principal && !context.IsRejected && IsStoredRequestToken(context)
                && !context.Transaction.Properties.ContainsKey(FromCache))
            {
                tokens.Keep(context.Token, principal);
            }

            return ValueTask.CompletedTask;
        }
    }
}

public static class VerifiedRequestTokensExtensions
{
    /// <summary>Opens each stored request token once per silo (see <see cref="VerifiedRequestTokens"/>).</summary>
    public static OpenIddictServerBuilder ReuseVerifiedRequestTokens(this OpenIddictServerBuilder server)
    {
        server.Services.AddSingleton<VerifiedRequestTokens>();
        return server.AddEventHandler(VerifiedRequestTokens.Reuse.Descriptor)
            .AddEventHandler(VerifiedRequestTokens.Remember.Descriptor);
    }
}
