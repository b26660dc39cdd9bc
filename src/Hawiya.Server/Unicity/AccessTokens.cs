using System.Security.Claims;
using Hawiya.Server.Oidc.Handlers;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Hawiya.Server.Unicity;

/// <summary>The caller of a resource endpoint, from its access token.</summary>
/// <param name="ClientId">The provider the token was issued to.</param>
/// <param name="SessionId">The login session behind a citizen's token; null for a client-credentials token.</param>
public sealed record TokenCaller(string ClientId, string? SessionId);

/// <summary>
/// Validates access tokens as a resource server of this platform: an RFC 9068 JWT
/// (<c>typ</c> at+jwt) signed by one of the server's keys, from this issuer, for Hawiya's APIs
/// (<c>aud</c>), not expired.
/// Whether its login session still stands is the endpoint's check. A token validated once is
/// remembered until it expires (<see cref="ValidatedTokens"/>).
/// </summary>
public sealed class AccessTokens(
    IOptionsMonitor<OpenIddictServerOptions> server,
    IOptions<UnicitySettings> settings,
    IOptions<Oidc.OidcSettings> oidc,
    TimeProvider time,
    IEnumerable<IProviderQuotaCharge> charges)
{
    private readonly ValidatedTokens _validated = new(settings.Value.ValidatedTokenCacheSize, time);

    private readonly JsonWebTokenHandler _handler = new() { MapInboundClaims = false };

    /// <summary>
    /// The caller, or the RFC 6750 §3 challenge to answer with (or, for a provider over its
    /// quota, nothing more: the 429 is written).
    /// </summary>
    public async Task<(TokenCaller? Caller, IResult? Challenge)> ReadAsync(HttpRequest request)
    {
        var (caller, challenge) = await ValidateAsync(request);
        if (caller is null)
        {
            return (null, challenge);
        }

        // SECURITY: charged to the provider the verified token was issued to, never to one a request names.
        foreach (var charge in charges)
        {
            if (!await charge.TryChargeAsync(request.HttpContext, caller.ClientId))
            {
                return (null, Results.Empty);
            }
        }

        return (caller, null);
    }

    private async Task<(TokenCaller? Caller, IResult? Challenge)> ValidateAsync(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            // RFC 6750 §3.1: a request without credentials gets the challenge with no error code.
            return (null, Challenge(request, error: null, description: null));
        }

        var options = server.CurrentValue;
        var issuer = options.Issuer?.AbsoluteUri ?? $"{request.Scheme}://{request.Host}{request.PathBase}/";
        var token = header["Bearer ".Length..].Trim();
        if (_validated.Find(token, options, issuer) is { } known)
        {
            return (known, null);
        }

        var result = await _handler.ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = issuer,
            ValidTypes = ["at+jwt"],
            IssuerSigningKeys = options.SigningCredentials.Select(c => c.Key),
            // SECURITY: RFC 9068 §4: only tokens for Hawiya's own APIs.
            ValidAudience = oidc.Value.AccessTokenAudience,
            LifetimeValidator = (_, expires, _, _) => expires is { } e && e > time.GetUtcNow().UtcDateTime,
        });
        if (!result.IsValid)
        {
            return (null, Challenge(request, Errors.InvalidToken, "The access token is invalid or expired."));
        }

        var identity = result.ClaimsIdentity;
        var clientId = identity.FindFirst(Claims.ClientId)?.Value ?? identity.FindFirst(Claims.AuthorizedParty)?.Value;
        if (string.IsNullOrEmpty(clientId))
        {
            return (null, Challenge(request, Errors.InvalidToken, "The access token names no client."));
        }

        var caller = new TokenCaller(clientId, ProviderTokenClaims.Of(new ClaimsPrincipal(identity)));
        _validated.Remember(token, options, issuer, caller, new DateTimeOffset(DateTime.SpecifyKind(result.SecurityToken.ValidTo, DateTimeKind.Utc)));
        return (caller, null);
    }

    /// <summary>RFC 6750 §3: 401 with a <c>WWW-Authenticate: Bearer</c> challenge, and the error as JSON.</summary>
    public static IResult Challenge(HttpRequest request, string? error, string? description)
    {
        var challenge = "Bearer realm=\"hawiya\"";
        if (error is not null)
        {
            challenge += $", error=\"{error}\", error_description=\"{description}\"";
        }

        request.HttpContext.Response.Headers.WWWAuthenticate = challenge;
        return error is null
            ? Results.StatusCode(StatusCodes.Status401Unauthorized)
            : Results.Json(new Dictionary<string, string> { ["error"] = error, ["error_description"] = description! }, statusCode: StatusCodes.Status401Unauthorized);
    }
}
