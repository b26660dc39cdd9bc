using Microsoft.AspNetCore;
using System.Security.Claims;
using Hawiya.Contracts.Providers;
using Hawiya.Server.Oidc.Stores;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;
using static OpenIddict.Server.OpenIddictServerHandlers;

namespace Hawiya.Server.Oidc.Assertions;

/// <summary>
/// RFC 7523 §3 and OIDC Core §9, the claims of an assertion whose signature and audience were
/// checked: <c>iss</c> and <c>sub</c> are both the client, <c>exp</c> and <c>jti</c> are there, and
/// the <c>jti</c> was never used before (<see cref="ClientAssertionReplay"/>). RFC 7523 §3.2: every
/// refusal is <c>invalid_client</c>; OpenIddict's own checks, which run after these and find
/// nothing left to refuse, would answer <c>invalid_request</c> or <c>invalid_grant</c>.
/// Descriptions stay within RFC 6749 §5.2's character set (printable ASCII, no quotation mark):
/// they are also sent in the WWW-Authenticate header.
/// </summary>
public sealed class CheckClientAssertionClaims(ClientAssertionReplay replay) : IOpenIddictServerHandler<ProcessAuthenticationContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<ProcessAuthenticationContext>()
            .AddFilter<OpenIddictServerHandlerFilters.RequireClientAssertionPrincipal>()
            .UseSingletonHandler<CheckClientAssertionClaims>()
            .SetOrder(ValidateClientAssertionWellknownClaims.Descriptor.Order - 1)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public async ValueTask HandleAsync(ProcessAuthenticationContext context)
    {
        var principal = context.ClientAssertionPrincipal!;
        var issuer = Single(principal, Claims.Issuer);
        var subject = Single(principal, Claims.Subject);
        var jti = Single(principal, Claims.JwtId);
        if (issuer is null || subject is null || !string.Equals(issuer, subject, StringComparison.Ordinal))
        {
            context.Reject(Errors.InvalidClient, "The client assertion's 'iss' and 'sub' must both be the client_id (RFC 7523 section 3).");
            return;
        }

        if (!string.IsNullOrEmpty(context.ClientId) && !string.Equals(context.ClientId, issuer, StringComparison.Ordinal))
        {
            context.Reject(Errors.InvalidClient, "The client assertion was issued by another client than the client_id sent.");
            return;
        }

        if (principal.GetExpirationDate() is not { } expires)
        {
            context.Reject(Errors.InvalidClient, "The client assertion has no 'exp' (RFC 7523 section 3).");
            return;
        }

        if (string.IsNullOrEmpty(jti))
        {
            context.Reject(Errors.InvalidClient, "The client assertion has no 'jti' (OIDC Core section 9).");
            return;
        }

        // SECURITY: last, so that only an assertion valid in every other way spends its jti.
        if (!await replay.TryRecordAsync(issuer, jti, expires, context.CancellationToken))
        {
            context.Reject(Errors.InvalidClient, "This client assertion was already used; each 'jti' is accepted once (RFC 7523 section 3, OIDC Core section 9).");
        }
    }

    private static string? Single(ClaimsPrincipal principal, string type)
    {
        var values = principal.GetClaims(type);
        return values.Length == 1 ? values[0] : null;
    }
}

/// <summary>
/// A client authenticates only with the method it registered (OIDC Dynamic Client Registration
/// §2 <c>token_endpoint_auth_method</c>; FAPI 2.0 requires it too): a client registered
/// for <c>client_secret_basic</c> that sends its secret in the body is refused, and so on. RFC 6749
/// §5.2: an unsupported authentication method is <c>invalid_client</c>.
/// </summary>
public sealed class RequireRegisteredClientAuthentication(IOpenIddictApplicationManager applications) : IOpenIddictServerHandler<ProcessAuthenticationContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<ProcessAuthenticationContext>()
            .AddFilter<OpenIddictServerHandlerFilters.RequireClientIdParameter>()
            .UseScopedHandler<RequireRegisteredClientAuthentication>()
            .SetOrder(ValidateClientType.Descriptor.Order + 1)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public async ValueTask HandleAsync(ProcessAuthenticationContext context)
    {
        if (context.EndpointType is not (OpenIddictServerEndpointType.Token or OpenIddictServerEndpointType.PushedAuthorization
            or OpenIddictServerEndpointType.Introspection or OpenIddictServerEndpointType.Revocation))
        {
            return;
        }

        if (await applications.FindByClientIdAsync(context.ClientId!) is not OidcApplication { Provider.Registration: { } registration })
        {
            return;
        }

        var used = Used(context);
        // A public client sends no credentials; OpenIddict refuses one that does.
        if (registration.ClientAuthMethod == ClientAuthMethod.None || used is null || used == registration.ClientAuthMethod)
        {
            return;
        }

        context.Reject(Errors.InvalidClient,
            $"This client is registered for {Name(registration.ClientAuthMethod)} and must authenticate with it, not with {Name(used.Value)}.");
    }

    /// <summary>The method this request authenticated with, or null when it sent no credentials (OpenIddict decides then).</summary>
    private static ClientAuthMethod? Used(ProcessAuthenticationContext context)
    {
        if (!string.IsNullOrEmpty(context.ClientAssertion))
        {
            return ClientAuthMethod.PrivateKeyJwt;
        }

        if (string.IsNullOrEmpty(context.ClientSecret))
        {
            return null;
        }

        // RFC 6749 §2.3.1: the secret came either in the Basic header or in the body.
        var header = context.Transaction.GetHttpRequest()?.Headers.Authorization.ToString() ?? string.Empty;
        return header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase) ? ClientAuthMethod.ClientSecretBasic : ClientAuthMethod.ClientSecretPost;
    }

    /// <summary>The method's name in OAuth registries (RFC 7591 §2).</summary>
    public static string Name(ClientAuthMethod method) => method switch
    {
        ClientAuthMethod.ClientSecretBasic => ClientAuthenticationMethods.ClientSecretBasic,
        ClientAuthMethod.ClientSecretPost => ClientAuthenticationMethods.ClientSecretPost,
        ClientAuthMethod.PrivateKeyJwt => ClientAuthenticationMethods.PrivateKeyJwt,
        _ => ClientAuthenticationMethods.None,
    };
}
