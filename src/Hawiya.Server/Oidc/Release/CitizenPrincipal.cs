using System.Globalization;
using System.Security.Claims;
using Hawiya.Contracts.Common;
using Hawiya.Contracts.Sessions;
using Hawiya.Server.Oidc.Handlers;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Hawiya.Server.Oidc.Release;

/// <summary>Builds the principal signed into codes and tokens for one login.</summary>
public static class CitizenPrincipal
{
    /// <summary>RFC 8176 authentication method reference values for each method.</summary>
    public static IEnumerable<string> AmrOf(IReadOnlyCollection<AuthMethod> methods)
    {
        var values = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var method in methods)
        {
            string[] amr = method switch
            {
                AuthMethod.Password => ["pwd"],
                AuthMethod.Sms => ["sms", "otp"],
                AuthMethod.Email => ["otp"],
                // A signature by a key held in the citizen's phone.
                AuthMethod.Push => ["swk", "user"],
                AuthMethod.Face => ["face", "swk"],
                AuthMethod.Card => ["sc"],
                AuthMethod.CardPin => ["sc", "pin"],
                AuthMethod.CardFingerprint => ["sc", "fpt"],
                _ => [],
            };
            values.UnionWith(amr);
        }

        if (methods.Count > 1)
        {
            values.Add("mfa");
        }

        return values;
    }

    public static ClaimsPrincipal Create(
        Authentication authentication,
        string subject,
        string sessionId,
        IEnumerable<string> scopes,
        IReadOnlyDictionary<string, string> attributes,
        string? idTokenAlgorithm,
        string audience)
    {
        var identity = new ClaimsIdentity(TokenValidationParameters.DefaultAuthenticationType, Claims.Name, Claims.Role);
        identity.SetClaim(Claims.Subject, subject)
            .SetClaim(Claims.AuthenticationContextReference, authentication.Level.ToAcr());
        identity.AddClaim(new Claim(Claims.AuthenticationTime, authentication.AuthTime.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture), ClaimValueTypes.Integer64));
        identity.SetClaims(Claims.AuthenticationMethodReference, [.. AmrOf(authentication.Methods)]);
        AddAttributes(identity, attributes);
        if (idTokenAlgorithm is not null)
        {
            identity.SetClaim(ChooseSigningKey.IdTokenAlgorithmClaim, idTokenAlgorithm);
        }

        identity.SetScopes(scopes);
        // RFC 9068 §3: the access token names the resource servers it is for (OpenIddict turns
        // resources into its aud); the code and refresh tokens carry them to every access token.
        identity.SetResources(audience);
        identity.SetAuthorizationId(sessionId);
        identity.SetDestinations(Destinations);
        return new ClaimsPrincipal(identity);
    }

    public static void AddAttributes(ClaimsIdentity identity, IReadOnlyDictionary<string, string> attributes)
    {
        foreach (var (type, value) in attributes)
        {
            if (ClaimRelease.StructuredValue(type, value) is { } structured)
            {
                identity.SetClaim(type, structured);
            }
            else
            {
                identity.SetClaim(type, value);
            }
        }
    }

    /// <summary>
    /// The subject and the acr reach both tokens; everything else only the identity token.
    /// SECURITY: access tokens are readable by resource servers, so they carry no personal data;
    /// the userinfo endpoint recomputes the attributes from the session instead.
    /// </summary>
    private static IEnumerable<string> Destinations(Claim claim) => claim.Type switch
    {
        Claims.Subject or Claims.AuthenticationContextReference => [OpenIddictConstants.Destinations.AccessToken, OpenIddictConstants.Destinations.IdentityToken],
        ChooseSigningKey.IdTokenAlgorithmClaim => [],
        _ => [OpenIddictConstants.Destinations.IdentityToken],
    };
}
