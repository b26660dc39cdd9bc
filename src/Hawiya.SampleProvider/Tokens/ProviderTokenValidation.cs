using Hawiya.SampleProvider.Authentication;
using Hawiya.SampleProvider.Hosting;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace Hawiya.SampleProvider.Tokens;

/// <summary>
/// Checks JWTs the provider signed (logout tokens, renewed ID tokens) the way the handler
/// checks ID tokens (OIDC Core §3.1.3.7): the provider's discovery document and JWKS come
/// from the handler's own configuration manager, so keys are cached and rotated in one place.
/// </summary>
internal sealed class ProviderTokenValidation(
    IOptionsMonitor<OpenIdConnectOptions> oidcOptions,
    IOptions<SampleProviderSettings> settings)
{
    /// <summary>Tolerance for clocks that differ between provider and client.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(2);

    private static readonly JsonWebTokenHandler Handler = new();

    private IConfigurationManager<OpenIdConnectConfiguration> Manager =>
        oidcOptions.Get(SampleProviderSchemes.Hawiya).ConfigurationManager
        ?? throw new InvalidOperationException("The OpenID Connect handler has no configuration manager.");

    public Task<OpenIdConnectConfiguration> GetConfigurationAsync(CancellationToken cancellationToken) =>
        Manager.GetConfigurationAsync(cancellationToken);

    /// <summary>Issuer, audience (this client), provider keys and the registered algorithms only.</summary>
    public TokenValidationParameters Parameters(OpenIdConnectConfiguration configuration, bool requireExpiration) => new()
    {
        ValidIssuer = configuration.Issuer,
        ValidateIssuer = true,
        ValidAudience = settings.Value.ClientId,
        ValidateAudience = true,
        RequireAudience = true,
        IssuerSigningKeys = configuration.SigningKeys,
        ValidAlgorithms = settings.Value.SigningAlgorithmList,
        RequireSignedTokens = true,
        ValidateLifetime = true,
        RequireExpirationTime = requireExpiration,
        ClockSkew = ClockSkew,
    };

    public async Task<TokenValidationResult> ValidateAsync(string token, TokenValidationParameters parameters)
    {
        var result = await Handler.ValidateTokenAsync(token, parameters);
        if (result.Exception is SecurityTokenSignatureKeyNotFoundException)
        {
            // An unknown kid usually means the provider rotated its keys: fetch the JWKS again
            // (rate-limited by the manager) so that the provider's retry succeeds.
            Manager.RequestRefresh();
        }

        return result;
    }

    /// <summary>A short, fixed description of why a token was refused (never the library's message).</summary>
    public static string Describe(Exception? exception) => exception switch
    {
        SecurityTokenSignatureKeyNotFoundException => "no key in the provider's JWKS matches the token's kid",
        SecurityTokenInvalidSignatureException => "the signature is invalid",
        SecurityTokenInvalidAlgorithmException => "the signing algorithm is not accepted for this client",
        SecurityTokenInvalidIssuerException => "iss is not the provider's issuer",
        SecurityTokenInvalidAudienceException => "aud does not contain this client's client_id",
        SecurityTokenExpiredException => "the token has expired",
        SecurityTokenNotYetValidException => "the token is not yet valid",
        SecurityTokenNoExpirationException => "exp is missing",
        SecurityTokenMalformedException => "the token is not a well-formed JWT",
        _ => "the token could not be validated",
    };
}
