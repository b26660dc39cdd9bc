using System.Text.Json;
using Hawiya.Contracts.Providers;

namespace Hawiya.Grains.Providers;

/// <summary>Checks a registration before it is stored; returns the first problem found, or null.</summary>
internal static class ProviderRegistrationValidator
{
    public static string? Validate(ProviderRegistration registration)
    {
        if (string.IsNullOrWhiteSpace(registration.DisplayName) || registration.DisplayName.Length > 200)
        {
            return "The display name must be 1 to 200 characters.";
        }

        if (registration.RedirectUris.Length == 0)
        {
            return "At least one redirect URI is required.";
        }

        foreach (var uri in registration.RedirectUris.Concat(registration.PostLogoutRedirectUris))
        {
            if (ValidateRedirectUri(uri) is { } problem)
            {
                return problem;
            }
        }

        if (registration.BackchannelLogoutUri is { } backchannel && ValidateRedirectUri(backchannel) is { } bad)
        {
            return bad;
        }

        if (registration.AllowedScopes.Length == 0 || registration.AllowedMethods.Length == 0)
        {
            return "At least one scope and one authentication method are required.";
        }

        if (string.IsNullOrWhiteSpace(registration.Sector))
        {
            return "The sector identifier is required for pairwise subject identifiers (OIDC Core §8.1).";
        }

        if (registration.Quota is { } quota && (quota.RequestsPerSecond <= 0 || quota.Burst <= 0))
        {
            return "The quota rate and burst must be positive.";
        }

        if (registration.IdTokenSignedResponseAlg is not (null or "ES256" or "RS256"))
        {
            return "id_token_signed_response_alg must be ES256 or RS256.";
        }

        return registration.ClientAuthMethod switch
        {
            ClientAuthMethod.PrivateKeyJwt => ValidateJwks(registration.Jwks),
            // RFC 8252 §8.4: a native app cannot keep a secret, so it is given none.
            ClientAuthMethod.None => registration.ClientSecretHash is null && registration.Jwks is null ? null : "A public client has no secret and no keys.",
            _ => ValidateSecretHash(registration.ClientSecretHash),
        };
    }

    /// <summary>
    /// RFC 6749 §3.1.2: absolute, no fragment. SECURITY: https only, except http on a
    /// loopback host (RFC 8252 §7.3) for development and native clients.
    /// </summary>
    private static string? ValidateRedirectUri(string value)
    {
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || !string.IsNullOrEmpty(uri.Fragment))
        {
            return $"'{value}' is not an absolute URI without a fragment (RFC 6749 §3.1.2).";
        }

        var secure = uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback);
        return secure ? null : $"'{value}' must use https (http is allowed on loopback only).";
    }

    private static string? ValidateSecretHash(string? hash) =>
        hash is { Length: 64 } && hash.All(char.IsAsciiHexDigitLower)
            ? null
            : "A client secret method needs the secret's SHA-256 as 64 lower-case hex digits.";

    private static string? ValidateJwks(string? jwks)
    {
        if (string.IsNullOrWhiteSpace(jwks))
        {
            return "private_key_jwt needs the provider's JWKS.";
        }

        try
        {
            using var document = JsonDocument.Parse(jwks);
            return document.RootElement.TryGetProperty("keys", out var keys)
                && keys.ValueKind == JsonValueKind.Array && keys.GetArrayLength() > 0
                ? null
                : "The JWKS must hold a non-empty \"keys\" array (RFC 7517 §5).";
        }
        catch (JsonException)
        {
            return "The JWKS is not valid JSON.";
        }
    }
}
