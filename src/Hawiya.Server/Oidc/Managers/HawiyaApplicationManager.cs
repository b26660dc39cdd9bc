using System.Security.Cryptography;
using System.Text;
using Hawiya.Server.Oidc.Stores;
using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;
using OpenIddict.Core;

namespace Hawiya.Server.Oidc.Managers;

/// <summary>
/// Client secrets are issued by Hawiya with 256 bits of entropy, so one SHA-256 is as strong
/// as a slow hash and costs microseconds instead of milliseconds on every token request.
/// </summary>
public sealed class HawiyaApplicationManager(
    IOpenIddictApplicationCache<OidcApplication> cache,
    ILogger<OpenIddictApplicationManager<OidcApplication>> logger,
    IOptionsMonitor<OpenIddictCoreOptions> options,
    IOpenIddictApplicationStore<OidcApplication> store)
    : OpenIddictApplicationManager<OidcApplication>(cache, logger, options, store)
{
    public static string Digest(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    protected override ValueTask<string> ObfuscateClientSecretAsync(string secret, CancellationToken cancellationToken = default) =>
        new(Digest(secret));

    protected override ValueTask<bool> ValidateClientSecretAsync(string secret, string comparand, CancellationToken cancellationToken = default) =>
        new(Matches(secret, comparand));

    /// <summary>Whether <paramref name="secret"/> is the one whose digest is stored. SECURITY: fixed-time comparison of two digests of equal length.</summary>
    public static bool Matches(string secret, string digest) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Digest(secret)), Encoding.ASCII.GetBytes(digest));
}
