using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Hawiya.Server.Oidc.Stores;
using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;
using OpenIddict.Core;

namespace Hawiya.Server.Oidc.Managers;

/// <summary>
/// References handed to clients (codes, request_uri) are <c>{session}.{secret}</c>. Only a
/// digest of the secret is stored, as OpenIddict does, but the session prefix is kept in
/// clear so that the look-up goes to that one session grain.
/// </summary>
public sealed class HawiyaTokenManager(
    IOpenIddictTokenCache<OidcToken> cache,
    ILogger<OpenIddictTokenManager<OidcToken>> logger,
    IOptionsMonitor<OpenIddictCoreOptions> options,
    IOpenIddictTokenStore<OidcToken> store)
    : OpenIddictTokenManager<OidcToken>(cache, logger, options, store)
{
    protected override ValueTask<string> ObfuscateReferenceIdAsync(string identifier, CancellationToken cancellationToken = default)
    {
        var dot = identifier.IndexOf('.', StringComparison.Ordinal);
        var session = dot > 0 ? identifier[..(dot + 1)] : string.Empty;
        var secret = dot > 0 ? identifier[(dot + 1)..] : identifier;
        return new(session + Base64Url.EncodeToString(SHA256.HashData(Encoding.UTF8.GetBytes(secret))));
    }
}
