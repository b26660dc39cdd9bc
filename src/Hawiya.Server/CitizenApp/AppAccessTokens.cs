using Hawiya.Contracts.Common;
using Hawiya.Contracts.Sessions;
using Hawiya.Server.Oidc;
using Hawiya.Server.Oidc.Handlers;
using Hawiya.Server.Oidc.Keys;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Hawiya.Server.CitizenApp;

/// <summary>The citizen behind an app request: their key, and the level and time of the login the token came from.</summary>
public sealed record AppCaller(string CitizenKey, string SessionId, LevelOfAssurance Level, DateTimeOffset AuthTime);

/// <summary>
/// Checks the bearer access token of an app request (RFC 6750): an ES256 JWT this provider
/// issued to the <c>citizen-app</c> client for Hawiya's APIs (<c>aud</c>), unexpired, whose login
/// session is not revoked.
/// </summary>
public sealed class AppAccessTokens(OidcKeyRing keys, IOptions<OidcSettings> settings, IGrainFactory grains, TimeProvider time)
{
    /// <summary>The OAuth client id of the citizen's app (a public client with PKCE, RFC 8252).</summary>
    public const string ClientId = "citizen-app";

    private static readonly JsonWebTokenHandler Handler = new() { MapInboundClaims = false };

    public async Task<AppCaller?> AuthenticateAsync(HttpContext http)
    {
        var header = http.Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.Ordinal) || header.Length > 8192)
        {
            return null;
        }

        var issuer = settings.Value.Issuer?.ToString() ?? $"{http.Request.Scheme}://{http.Request.Host}/";
        var result = await Handler.ValidateTokenAsync(header["Bearer ".Length..].Trim(), new TokenValidationParameters
        {
            ValidIssuer = issuer,
            // SECURITY: RFC 9068 §4: only tokens for Hawiya's own APIs.
            ValidAudience = settings.Value.AccessTokenAudience,
            // Lifetime is checked below against the platform's clock.
            ValidateLifetime = false,
            IssuerSigningKeys = keys.SigningKeys.Select(k => k.Key),
            ValidTypes = ["at+jwt"],
        });
        if (!result.IsValid || result.SecurityToken is not JsonWebToken token)
        {
            return null;
        }

        // SECURITY: only tokens issued to the app; a service provider's token must not enroll devices.
        if (!token.TryGetPayloadValue<string>("client_id", out var clientId) || clientId != ClientId
            || token.ValidTo <= time.GetUtcNow().UtcDateTime
            || !token.TryGetPayloadValue<string>(ProviderTokenClaims.SessionClaim, out var sessionId) || string.IsNullOrEmpty(sessionId))
        {
            return null;
        }

        var session = await grains.GetGrain<IAuthSessionGrain>(sessionId).GetAsync();
        if (session.Status == SessionStatus.Revoked || session.Authentication is not { } authentication)
        {
            return null;
        }

        return new AppCaller(authentication.CitizenKey, sessionId, authentication.Level, authentication.AuthTime);
    }
}
