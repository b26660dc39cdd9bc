using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using Hawiya.Contracts.Providers;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Hawiya.Server.Oidc.Stores;

/// <summary>An accredited service provider as OpenIddict sees it, built from its grain's snapshot.</summary>
public sealed class OidcApplication
{
    public string? Id { get; set; }
    public string? ClientId { get; set; }
    public string? ClientSecret { get; set; }
    public string? ClientType { get; set; }
    public string? ApplicationType { get; set; }
    public string? ConsentType { get; set; }
    public string? DisplayName { get; set; }
    public ImmutableDictionary<CultureInfo, string> DisplayNames { get; set; } = ImmutableDictionary<CultureInfo, string>.Empty;
    public JsonWebKeySet? JsonWebKeySet { get; set; }
    public ImmutableArray<string> Permissions { get; set; } = [];
    public ImmutableArray<string> RedirectUris { get; set; } = [];
    public ImmutableArray<string> PostLogoutRedirectUris { get; set; } = [];
    public ImmutableArray<string> Requirements { get; set; } = [];
    public ImmutableDictionary<string, string> Settings { get; set; } = ImmutableDictionary<string, string>.Empty;
    public ImmutableDictionary<string, JsonElement> Properties { get; set; } = ImmutableDictionary<string, JsonElement>.Empty;

    /// <summary>The snapshot this entity was built from (sector, methods, level, quota).</summary>
    public ProviderSnapshot? Provider { get; set; }

    public static OidcApplication From(ProviderSnapshot provider)
    {
        var registration = provider.Registration!;
        return new OidcApplication
        {
            Id = provider.ClientId,
            ClientId = provider.ClientId,
            ClientSecret = registration.ClientAuthMethod is ClientAuthMethod.PrivateKeyJwt or ClientAuthMethod.None ? null : registration.ClientSecretHash,
            ClientType = registration.ClientAuthMethod == ClientAuthMethod.None ? ClientTypes.Public : ClientTypes.Confidential,
            ApplicationType = ApplicationTypes.Web,
            ConsentType = ConsentTypes.Explicit,
            DisplayName = registration.DisplayName,
            JsonWebKeySet = registration.Jwks is { } jwks ? new JsonWebKeySet(jwks) : null,
            Permissions = PermissionsOf(registration),
            RedirectUris = [.. registration.RedirectUris],
            PostLogoutRedirectUris = [.. registration.PostLogoutRedirectUris],
            // RFC 7636 for every provider: confidential clients too (OAuth 2.0 Security BCP, RFC 9700 §2.1.1).
            Requirements = [OpenIddictConstants.Requirements.Features.ProofKeyForCodeExchange],
            Provider = provider,
        };
    }

    /// <summary>What an accredited provider may use: the endpoints, the code flow, and the scopes it was accredited for.</summary>
    private static ImmutableArray<string> PermissionsOf(ProviderRegistration registration)
    {
        var permissions = ImmutableArray.CreateBuilder<string>();
        permissions.AddRange(
            OpenIddictConstants.Permissions.Endpoints.Authorization,
            OpenIddictConstants.Permissions.Endpoints.PushedAuthorization,
            OpenIddictConstants.Permissions.Endpoints.Token,
            OpenIddictConstants.Permissions.Endpoints.EndSession,
            OpenIddictConstants.Permissions.Endpoints.Introspection,
            OpenIddictConstants.Permissions.Endpoints.Revocation,
            OpenIddictConstants.Permissions.GrantTypes.AuthorizationCode,
            OpenIddictConstants.Permissions.GrantTypes.ClientCredentials,
            OpenIddictConstants.Permissions.ResponseTypes.Code);
        if (registration.AllowedScopes.Contains(Scopes.OfflineAccess))
        {
            permissions.Add(OpenIddictConstants.Permissions.GrantTypes.RefreshToken);
        }

        foreach (var scope in registration.AllowedScopes.Where(s => s != Scopes.OpenId))
        {
            permissions.Add(OpenIddictConstants.Permissions.Prefixes.Scope + scope);
        }

        return permissions.ToImmutable();
    }
}
