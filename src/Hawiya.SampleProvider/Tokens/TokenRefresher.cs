using System.Text.Json;
using Hawiya.SampleProvider.Authentication;
using Hawiya.SampleProvider.Hosting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace Hawiya.SampleProvider.Tokens;

/// <summary>What a refresh did, for the result page.</summary>
internal sealed record RefreshOutcome(
    string? Error,
    string? ErrorDescription,
    DateTimeOffset? AccessTokenExpiresAt = null,
    bool RefreshTokenRotated = false,
    DateTimeOffset? RefreshTokenExpiresAt = null,
    bool IdTokenRenewed = false)
{
    public bool Succeeded => Error is null;

    public static RefreshOutcome Failed(string error, string? description) => new(error, description);
}

/// <summary>
/// The refresh_token grant (RFC 6749 §6) against the token endpoint named in discovery, then
/// the session updated with the new tokens. Client authentication is applied by the shared
/// provider client (<see cref="ClientSecretBasicHandler"/>), as for the code redemption.
/// </summary>
internal sealed partial class TokenRefresher(
    IHttpClientFactory httpClients,
    ProviderTokenValidation provider,
    IOptions<SampleProviderSettings> settings,
    TimeProvider time,
    ILogger<TokenRefresher> logger)
{
    public async Task<RefreshOutcome> RefreshAsync(HttpContext context, CancellationToken cancellationToken)
    {
        var session = await context.AuthenticateAsync(SampleProviderSchemes.Cookie);
        if (!session.Succeeded || session.Properties is null)
        {
            return RefreshOutcome.Failed("not_signed_in", "La session a pris fin ; reconnectez-vous.");
        }

        var refreshToken = session.Properties.GetTokenValue(OpenIdConnectParameterNames.RefreshToken);
        if (string.IsNullOrEmpty(refreshToken))
        {
            return RefreshOutcome.Failed("no_refresh_token",
                "Aucun jeton de rafraîchissement : le scope offline_access n'a pas été demandé ou pas été accordé.");
        }

        OpenIdConnectMessage response;
        try
        {
            var configuration = await provider.GetConfigurationAsync(cancellationToken);
            var outcome = await PostAsync(configuration.TokenEndpoint, refreshToken, cancellationToken);
            if (outcome.Error is { } refusal)
            {
                LogRefused(logger, refusal.Error!);
                return refusal;
            }

            response = outcome.Response!;
            if (!string.IsNullOrEmpty(response.IdToken))
            {
                var refused = await ValidateRenewedIdTokenAsync(response.IdToken, configuration, session.Principal?.FindFirst("sub")?.Value);
                if (refused is not null)
                {
                    LogRefused(logger, refused.Error!);
                    return refused;
                }
            }
        }
        catch (Exception exception) when (exception is HttpRequestException or InvalidOperationException or TaskCanceledException or IOException)
        {
            LogUnreachable(logger, exception.GetType().Name);
            return RefreshOutcome.Failed("provider_unreachable", "Le fournisseur d'identité n'a pas répondu.");
        }

        var now = time.GetUtcNow();
        var tokens = session.Properties.GetTokens().ToDictionary(t => t.Name, t => t.Value, StringComparer.Ordinal);
        tokens[OpenIdConnectParameterNames.AccessToken] = response.AccessToken;
        var accessExpiresAt = TokenLifetimes.AfterSeconds(response.ExpiresIn, now);
        SetOrRemove(tokens, "expires_at", accessExpiresAt is null ? null : TokenLifetimes.Format(accessExpiresAt.Value));
        SetOrRemove(tokens, OpenIdConnectParameterNames.TokenType, response.TokenType);

        // RFC 6749 §6: the provider MAY rotate the refresh token (Hawiya does); when it does, the
        // old one is dead and only the new one may be kept.
        var rotated = !string.IsNullOrEmpty(response.RefreshToken);
        if (rotated)
        {
            tokens[OpenIdConnectParameterNames.RefreshToken] = response.RefreshToken;
        }

        if (!string.IsNullOrEmpty(response.IdToken))
        {
            tokens[OpenIdConnectParameterNames.IdToken] = response.IdToken;
        }

        session.Properties.StoreTokens(tokens.Select(t => new AuthenticationToken { Name = t.Key, Value = t.Value }));
        var refreshExpiresAt = TokenLifetimes.RefreshTokenExpiry(response.Parameters, now);
        if (refreshExpiresAt is not null)
        {
            session.Properties.Items[SampleProviderSchemes.RefreshExpiresAtItem] = TokenLifetimes.Format(refreshExpiresAt.Value);
        }
        else if (rotated)
        {
            session.Properties.Items.Remove(SampleProviderSchemes.RefreshExpiresAtItem);
        }

        await context.SignInAsync(SampleProviderSchemes.Cookie, session.Principal!, session.Properties);
        LogRefreshed(logger, rotated);
        return new RefreshOutcome(null, null, accessExpiresAt, rotated,
            TokenLifetimes.Parse(session.Properties.GetString(SampleProviderSchemes.RefreshExpiresAtItem)),
            !string.IsNullOrEmpty(response.IdToken));
    }

    private async Task<(OpenIdConnectMessage? Response, RefreshOutcome? Error)> PostAsync(
        string? tokenEndpoint, string refreshToken, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(tokenEndpoint))
        {
            return (null, RefreshOutcome.Failed("no_token_endpoint", "Le document de découverte du fournisseur n'indique pas de token_endpoint."));
        }

        // No scope parameter: RFC 6749 §6 then grants the same scope as the original login.
        using var request = new HttpRequestMessage(HttpMethod.Post, tokenEndpoint)
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                [OpenIdConnectParameterNames.GrantType] = OpenIdConnectGrantTypes.RefreshToken,
                [OpenIdConnectParameterNames.RefreshToken] = refreshToken,
                [OpenIdConnectParameterNames.ClientId] = settings.Value.ClientId,
                [OpenIdConnectParameterNames.ClientSecret] = settings.Value.ClientSecret,
            }),
        };

        using var client = httpClients.CreateClient(SampleProviderSchemes.ProviderHttpClient);
        using var response = await client.SendAsync(request, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        OpenIdConnectMessage message;
        try
        {
            using (JsonDocument.Parse(body))
            {
                // Only checks that the body is JSON (RFC 6749 §5.1 and §5.2 both answer in JSON).
            }

            message = new OpenIdConnectMessage(body);
        }
        catch (JsonException)
        {
            return (null, RefreshOutcome.Failed("invalid_response", $"Réponse illisible du token_endpoint (HTTP {(int)response.StatusCode})."));
        }

        // RFC 6749 §5.2: a refusal carries error and, optionally, error_description.
        if (!response.IsSuccessStatusCode || !string.IsNullOrEmpty(message.Error))
        {
            return (null, RefreshOutcome.Failed(message.Error ?? $"http_{(int)response.StatusCode}", message.ErrorDescription));
        }

        return string.IsNullOrEmpty(message.AccessToken)
            ? (null, RefreshOutcome.Failed("invalid_response", "La réponse ne contient pas d'access_token."))
            : (message, null);
    }

    /// <summary>
    /// OIDC Core §12.2: a renewed ID token has the same iss, sub and aud as the first one and is
    /// signed like it; a different sub means a different person and the session must not change.
    /// </summary>
    private async Task<RefreshOutcome?> ValidateRenewedIdTokenAsync(string idToken, OpenIdConnectConfiguration configuration, string? currentSub)
    {
        var result = await provider.ValidateAsync(idToken, provider.Parameters(configuration, requireExpiration: true));
        if (!result.IsValid)
        {
            return RefreshOutcome.Failed("invalid_id_token", "Nouveau jeton d'identité refusé : " + ProviderTokenValidation.Describe(result.Exception) + ".");
        }

        var renewedSub = (result.SecurityToken as JsonWebToken)?.Subject;
        return string.Equals(renewedSub, currentSub, StringComparison.Ordinal)
            ? null
            : RefreshOutcome.Failed("invalid_id_token", "Le nouveau jeton d'identité désigne une autre personne (sub différent).");
    }

    private static void SetOrRemove(Dictionary<string, string> tokens, string name, string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            tokens.Remove(name);
        }
        else
        {
            tokens[name] = value;
        }
    }

    [LoggerMessage(EventId = 20, Level = LogLevel.Information, Message = "Tokens refreshed (refresh token rotated: {Rotated}).")]
    private static partial void LogRefreshed(ILogger logger, bool rotated);

    [LoggerMessage(EventId = 21, Level = LogLevel.Warning, Message = "Token refresh refused: {Error}.")]
    private static partial void LogRefused(ILogger logger, string error);

    [LoggerMessage(EventId = 22, Level = LogLevel.Warning, Message = "Token refresh failed: the provider could not be reached ({FailureType}).")]
    private static partial void LogUnreachable(ILogger logger, string failureType);
}
