using System.Security.Claims;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;
using static OpenIddict.Server.OpenIddictServerHandlers;

namespace Hawiya.Server.Oidc.Handlers;

/// <summary>
/// Tokens carry only what providers need. OpenIddict writes its private claims into the JWTs it
/// issues (<c>oi_au_id</c>, the authorization, here the login session; <c>oi_prst</c>, the
/// presenters; …): providers have no use for them. ID and access tokens are written here
/// without them. The platform's own resource servers (userinfo, introspection, the
/// citizen and app APIs, unicity) still need the session behind an access token, to refuse it
/// once the session is revoked: access tokens name it as <c>sid</c> (the OpenID Connect session
/// id, OIDC Front-Channel Logout 1.0 §3), read back by <see cref="ReadTheSessionOfAccessTokens"/>
/// and <see cref="Of"/>. ID tokens name no session (discovery says
/// <c>backchannel_logout_session_supported: false</c>).
/// </summary>
public sealed class ProviderTokenClaims : IOpenIddictServerHandler<GenerateTokenContext>
{
    /// <summary>The login session an access token was issued from.</summary>
    public const string SessionClaim = "sid";

    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<GenerateTokenContext>()
            .UseSingletonHandler<ProviderTokenClaims>()
            // After the entry (none for these tokens), right before the JWT is written.
            .SetOrder(Protection.GenerateIdentityModelToken.Descriptor.Order - 1)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    /// <summary>The session an access token names: <c>sid</c>, or the authorization OpenIddict's own validation attached.</summary>
    public static string? Of(ClaimsPrincipal principal) =>
        principal.GetAuthorizationId() ?? principal.GetClaim(SessionClaim);

    public ValueTask HandleAsync(GenerateTokenContext context)
    {
        if (context.TokenType is not (TokenTypeIdentifiers.AccessToken or TokenTypeIdentifiers.IdentityToken)
            || context.Principal is not { Identity: ClaimsIdentity } source || !string.IsNullOrEmpty(context.Token))
        {
            return ValueTask.CompletedTask;
        }

        // OpenIddict's own writer adds private claims (oi_prst) whatever the principal holds, so
        // these two tokens are written here, as it writes them otherwise: the registered claims
        // from its private ones, then every public claim of the principal (RFC 9068 §2.2 for
        // access tokens, OIDC Core §2 for ID tokens). Nothing else writes them afterwards.
        var access = context.TokenType is TokenTypeIdentifiers.AccessToken;
        var claims = new Dictionary<string, object>(StringComparer.Ordinal);
        if (source.GetAudiences() is { Length: > 0 } audiences)
        {
            claims[Claims.Audience] = audiences.Length == 1 ? audiences[0] : audiences;
        }

        if (access)
        {
            if (source.GetScopes() is { Length: > 0 } scopes)
            {
                claims[Claims.Scope] = string.Join(' ', scopes);
            }

            claims[Claims.JwtId] = Guid.NewGuid().ToString();
            if (source.GetAuthorizationId() is { } session)
            {
                claims[SessionClaim] = session;
            }
        }

        var principal = source.Clone(claim => !claim.Type.StartsWith(Claims.Prefixes.Private, StringComparison.Ordinal));
        context.Token = context.SecurityTokenHandler.CreateToken(new SecurityTokenDescriptor
        {
            Claims = claims,
            EncryptingCredentials = context.EncryptionCredentials,
            Expires = source.GetExpirationDate()?.UtcDateTime,
            IssuedAt = source.GetCreationDate()?.UtcDateTime,
            Issuer = source.GetClaim(Claims.Private.Issuer),
            SigningCredentials = context.SigningCredentials,
            Subject = (ClaimsIdentity)principal.Identity!,
            // RFC 9068 §2.1 for access tokens; ID tokens keep the plain JWT type OpenIddict gives them.
            TokenType = access ? JsonWebTokenTypes.AccessToken : "JWT",
        });
        return ValueTask.CompletedTask;
    }
}

/// <summary>
/// Gives an access token's <c>sid</c> back to OpenIddict as the token's authorization, so that
/// <see cref="CheckTheSessionOfEntrylessTokens"/> and userinfo find the session as before.
/// </summary>
public sealed class ReadTheSessionOfAccessTokens : IOpenIddictServerHandler<ValidateTokenContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<ValidateTokenContext>()
            .UseSingletonHandler<ReadTheSessionOfAccessTokens>()
            .SetOrder(CheckTheSessionOfEntrylessTokens.Descriptor.Order - 1)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public ValueTask HandleAsync(ValidateTokenContext context)
    {
        if (context.Principal is { } principal && principal.HasTokenType(TokenTypeIdentifiers.AccessToken)
            && principal.GetAuthorizationId() is null && principal.GetClaim(ProviderTokenClaims.SessionClaim) is { Length: > 0 } session)
        {
            principal.SetAuthorizationId(session);
        }

        return ValueTask.CompletedTask;
    }
}
