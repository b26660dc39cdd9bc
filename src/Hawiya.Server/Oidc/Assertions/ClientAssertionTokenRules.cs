using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;
using static OpenIddict.Server.OpenIddictServerHandlers;

namespace Hawiya.Server.Oidc.Assertions;

/// <summary>What a <c>private_key_jwt</c> assertion may look like at Hawiya, in one place (RFC 7523 §3, OIDC Core §9).</summary>
public static class ClientAssertions
{
    /// <summary>
    /// The JWS algorithms an assertion may be signed with (published as
    /// <c>token_endpoint_auth_signing_alg_values_supported</c>, RFC 8414 §2). Asymmetric only:
    /// <c>client_secret_jwt</c> is not offered, and <c>none</c> never is.
    /// </summary>
    public static readonly string[] SigningAlgorithms =
    [
        SecurityAlgorithms.EcdsaSha256, SecurityAlgorithms.EcdsaSha384, SecurityAlgorithms.EcdsaSha512,
        SecurityAlgorithms.RsaSsaPssSha256, SecurityAlgorithms.RsaSsaPssSha384, SecurityAlgorithms.RsaSsaPssSha512,
        SecurityAlgorithms.RsaSha256, SecurityAlgorithms.RsaSha384, SecurityAlgorithms.RsaSha512,
    ];

    /// <summary>
    /// The <c>typ</c> headers accepted: the explicit type of draft-ietf-oauth-rfc7523bis, and
    /// what RFC 7523 as published and the libraries' defaults send (<c>JWT</c>, or no <c>typ</c>,
    /// which IdentityModel reads as <c>JWT</c>). Any other type names another kind of token.
    /// </summary>
    public static readonly string[] Types = ["client-authentication+jwt", "application/client-authentication+jwt", "JWT", "application/JWT"];

    public static bool IsClientAssertion(ValidateTokenContext context) =>
        context.ValidTokenTypes.Count == 1 && context.ValidTokenTypes.Contains(TokenTypeIdentifiers.Private.ClientAssertion);

    /// <summary>
    /// The audiences accepted at this endpoint: the issuer (with or without its trailing slash),
    /// the token endpoint URL (OIDC Core §9: the audience SHOULD be it), and the URL of the
    /// endpoint the assertion is sent to when that is PAR, introspection or revocation.
    /// </summary>
    public static HashSet<string> Audiences(OpenIddictServerOptions options, Uri issuer, OpenIddictServerEndpointType endpoint)
    {
        var root = issuer.AbsoluteUri.EndsWith('/') ? issuer : new Uri(issuer.AbsoluteUri + "/");
        var accepted = new HashSet<string>(StringComparer.Ordinal) { root.AbsoluteUri, root.AbsoluteUri.TrimEnd('/') };
        AddAll(accepted, root, options.TokenEndpointUris);
        AddAll(accepted, root, endpoint switch
        {
            OpenIddictServerEndpointType.PushedAuthorization => options.PushedAuthorizationEndpointUris,
            OpenIddictServerEndpointType.Introspection => options.IntrospectionEndpointUris,
            OpenIddictServerEndpointType.Revocation => options.RevocationEndpointUris,
            _ => [],
        });
        return accepted;
    }

    private static void AddAll(HashSet<string> accepted, Uri root, IEnumerable<Uri> endpoints)
    {
        foreach (var endpoint in endpoints)
        {
            accepted.Add((endpoint.IsAbsoluteUri ? endpoint : new Uri(root, endpoint.OriginalString.TrimStart('/'))).AbsoluteUri);
        }
    }
}

/// <summary>
/// Before the assertion's signature is checked: the types and algorithms Hawiya accepts. OpenIddict
/// alone accepts only <c>typ: client-authentication+jwt</c>, which the libraries providers
/// use do not send by default.
/// </summary>
/// <remarks>
/// SECURITY: the signature is still checked against the keys the client registered (OpenIddict
/// resolves them from the assertion's <c>iss</c>), so a token Hawiya itself signed, such as an
/// identity token typed <c>JWT</c>, cannot pass as an assertion; <c>aud</c> must name Hawiya and
/// <c>jti</c> is used once (<see cref="CheckClientAssertionAudience"/>, <see cref="CheckClientAssertionClaims"/>),
/// so a JWT the client made for another party cannot be replayed here.
/// </remarks>
public sealed class AcceptClientAssertionTypes : IOpenIddictServerHandler<ValidateTokenContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<ValidateTokenContext>()
            .UseSingletonHandler<AcceptClientAssertionTypes>()
            .SetOrder(Protection.ResolveTokenValidationParameters.Descriptor.Order + 1)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public ValueTask HandleAsync(ValidateTokenContext context)
    {
        if (ClientAssertions.IsClientAssertion(context) && context.TokenValidationParameters is { } parameters)
        {
            parameters.ValidTypes = ClientAssertions.Types;
            // SECURITY: asymmetric algorithms only, whatever a key's "alg" says (RFC 8725 §3.1).
            parameters.ValidAlgorithms = ClientAssertions.SigningAlgorithms;
        }

        return ValueTask.CompletedTask;
    }
}

/// <summary>
/// An assertion typed <c>JWT</c> (or not typed) is read by OpenIddict as an identity token;
/// it was validated as a client assertion (the client's keys), so it is named one again.
/// </summary>
public sealed class RestoreClientAssertionType : IOpenIddictServerHandler<ValidateTokenContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<ValidateTokenContext>()
            .UseSingletonHandler<RestoreClientAssertionType>()
            .SetOrder(Protection.ValidateIdentityModelToken.Descriptor.Order + 1)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public ValueTask HandleAsync(ValidateTokenContext context)
    {
        if (ClientAssertions.IsClientAssertion(context) && context.Principal is { } principal
            && principal.GetTokenType() == TokenTypeIdentifiers.IdentityToken)
        {
            principal.SetTokenType(TokenTypeIdentifiers.Private.ClientAssertion);
        }

        return ValueTask.CompletedTask;
    }
}

/// <summary>
/// RFC 7523 §3 item 3 and OIDC Core §9: the assertion's single <c>aud</c> is the issuer, the token
/// endpoint URL, or the URL of the endpoint it is sent to. RFC 7523 §3.2: anything else is
/// <c>invalid_client</c> (OpenIddict's own check would answer <c>invalid_token</c>).
/// </summary>
public sealed class CheckClientAssertionAudience : IOpenIddictServerHandler<ValidateTokenContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<ValidateTokenContext>()
            .UseSingletonHandler<CheckClientAssertionAudience>()
            .SetOrder(Protection.ValidateAudiences.Descriptor.Order - 1)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public ValueTask HandleAsync(ValidateTokenContext context)
    {
        if (!ClientAssertions.IsClientAssertion(context) || context.Principal is not { } principal)
        {
            return ValueTask.CompletedTask;
        }

        var issuer = context.Options.Issuer ?? context.BaseUri ?? throw new InvalidOperationException("No issuer to check a client assertion's audience against.");
        var accepted = ClientAssertions.Audiences(context.Options, issuer, context.EndpointType);
        var audiences = principal.GetAudiences();
        // SECURITY: one audience, and one of ours: an assertion naming several parties could be
        // replayed by any of them (the audience rule of draft-ietf-oauth-rfc7523bis).
        if (audiences.Length != 1 || !accepted.Contains(audiences[0]))
        {
            context.Reject(Errors.InvalidClient,
                "The client assertion's 'aud' must be one value: this server's issuer or the URL of the endpoint it is sent to (RFC 7523 section 3, OIDC Core section 9).");
            return ValueTask.CompletedTask;
        }

        // Checked here; OpenIddict's audience check, which knows only the issuer, has nothing left to do.
        context.ValidAudiences.Clear();
        return ValueTask.CompletedTask;
    }
}
