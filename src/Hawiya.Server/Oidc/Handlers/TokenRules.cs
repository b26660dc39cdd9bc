using Hawiya.Server.Oidc.Keys;
using Hawiya.Server.Oidc.Stores;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;
using static OpenIddict.Server.OpenIddictServerHandlers;

namespace Hawiya.Server.Oidc.Handlers;

/// <summary>
/// Access and identity tokens are signed JWTs checked by signature and by their session's
/// status; storing an entry for each would cost a durable write per token for nothing.
/// Codes, refresh tokens and request tokens keep their entries: they are redeemed.
/// </summary>
public sealed class StoreOnlyRedeemableTokens : IOpenIddictServerHandler<GenerateTokenContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<GenerateTokenContext>()
            .UseSingletonHandler<StoreOnlyRedeemableTokens>()
            .SetOrder(Protection.CreateTokenEntry.Descriptor.Order - 500)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public ValueTask HandleAsync(GenerateTokenContext context)
    {
        if (context.TokenType is TokenTypeIdentifiers.AccessToken or TokenTypeIdentifiers.IdentityToken)
        {
            context.CreateTokenEntry = false;
            context.PersistTokenPayload = false;
            context.IsReferenceToken = false;
        }

        return ValueTask.CompletedTask;
    }
}

/// <summary>
/// Replaces OpenIddict's payload attachment so that the reference handed to the client is
/// <c>{session}.{256 random bits}</c> (see <see cref="SessionIds"/>): the first, durable write
/// of a code or request token happens here, before its reference leaves the server.
/// </summary>
public sealed class AttachRoutableTokenPayload(IOpenIddictTokenManager tokens) : IOpenIddictServerHandler<GenerateTokenContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<GenerateTokenContext>()
            .AddFilter<OpenIddictServerHandlerFilters.RequireTokenStorageEnabled>()
            .AddFilter<OpenIddictServerHandlerFilters.RequireTokenPayloadPersisted>()
            .UseScopedHandler<AttachRoutableTokenPayload>()
            .SetOrder(Protection.AttachTokenPayload.Descriptor.Order)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public async ValueTask HandleAsync(GenerateTokenContext context)
    {
        var id = context.Principal.GetTokenId() ?? throw new InvalidOperationException("The token has no entry to attach its payload to.");
        var token = await tokens.FindByIdAsync(id) ?? throw new InvalidOperationException("The token entry vanished before its payload was attached.");
        var descriptor = new OpenIddictTokenDescriptor();
        await tokens.PopulateAsync(descriptor, token);
        descriptor.Payload = context.Token;
        descriptor.Principal = context.Principal;
        if (context.IsReferenceToken)
        {
            descriptor.ReferenceId = SessionIds.NewReference(SessionIds.SessionOf(id)!);
        }

        await tokens.UpdateAsync(token, descriptor);
        if (context.IsReferenceToken)
        {
            context.Token = descriptor.ReferenceId;
        }
    }
}

/// <summary>
/// Signs with the newest active key of the algorithm wanted: ES256 by default, RS256 for the
/// identity tokens of a client registered for it. Keys not yet active are only published.
/// </summary>
public sealed class ChooseSigningKey(OidcKeyRing keys, TimeProvider time) : IOpenIddictServerHandler<GenerateTokenContext>
{
    /// <summary>A private claim (never released: it has no destination) carrying the client's choice.</summary>
    public const string IdTokenAlgorithmClaim = "hawiya_id_alg";

    /// <summary>
    /// The identity token's principal keeps only claims destined for it, so the token request
    /// copies the client's choice from the code or refresh token into the transaction.
    /// </summary>
    public const string TransactionProperty = "hawiya:id_token_alg";

    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<GenerateTokenContext>()
            .UseSingletonHandler<ChooseSigningKey>()
            .SetOrder(Protection.AttachSecurityCredentials.Descriptor.Order + 500)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public ValueTask HandleAsync(GenerateTokenContext context)
    {
        if (context.SigningCredentials is null)
        {
            return ValueTask.CompletedTask;
        }

        var wantRsa = context.TokenType == TokenTypeIdentifiers.IdentityToken
            && context.Transaction.Properties.TryGetValue(TransactionProperty, out var wanted)
            && wanted as string == SecurityAlgorithms.RsaSha256;
        if (Pick(keys, context.Options.SigningCredentials, wantRsa, time.GetUtcNow()) is { } chosen)
        {
            context.SigningCredentials = chosen;
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>The credentials of the newest key of the kind wanted that is active at <paramref name="now"/>.</summary>
    public static SigningCredentials? Pick(OidcKeyRing keys, IList<SigningCredentials> credentials, bool rsa, DateTimeOffset now)
    {
        var key = keys.SigningKeys
            .Where(k => (k.Key is RsaSecurityKey) == rsa && k.ActiveFrom <= now)
            .OrderByDescending(k => k.ActiveFrom)
            .Select(k => k.Key)
            .FirstOrDefault();
        return key is null ? null : credentials.FirstOrDefault(c => ReferenceEquals(c.Key, key));
    }
}

/// <summary>
/// Access tokens have no stored entry, so OpenIddict would not look at the authorization they
/// came from; naming it here makes every check of an access token (userinfo, introspection)
/// refuse it as soon as its login session is revoked (code reuse, consent withdrawn, "not me").
/// </summary>
public sealed class CheckTheSessionOfEntrylessTokens : IOpenIddictServerHandler<ValidateTokenContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<ValidateTokenContext>()
            .UseSingletonHandler<CheckTheSessionOfEntrylessTokens>()
            .SetOrder(Protection.ValidateAuthorizationEntry.Descriptor.Order - 1)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public ValueTask HandleAsync(ValidateTokenContext context)
    {
        if (string.IsNullOrEmpty(context.AuthorizationId) && context.Principal?.GetAuthorizationId() is { } authorizationId)
        {
            context.AuthorizationId = authorizationId;
        }

        return ValueTask.CompletedTask;
    }
}

/// <summary>
/// A rotation is one write: the token endpoint's redemption of a refresh token, or of a code
/// asked with <c>offline_access</c>, is held by its session and written with the refresh token
/// issued in its place; the authorization endpoint's redemption of the request token is carried
/// by the code issued from it, with no call of its own (see <see cref="GrainTokenStore.HoldRedemptions"/>
/// and <see cref="GrainTokenStore.CarryRedemptions"/>). A code redeemed with no refresh token to
/// follow is written as OpenIddict redeems it, in one call. What is still held when the tokens are
/// made is written then, and a redemption lost to a concurrent request refuses the sign-in, so a
/// client never holds an answer whose redemption is not durable.
/// </summary>
public sealed class WriteRedemptionWithItsSuccessor(IOpenIddictTokenStore<OidcToken> tokens)
    : IOpenIddictServerHandler<ProcessSignInContext>, IOpenIddictServerHandler<ApplyTokenResponseContext>,
      IOpenIddictServerHandler<ApplyAuthorizationResponseContext>
{
    public static OpenIddictServerHandlerDescriptor SignInDescriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<ProcessSignInContext>()
            .AddFilter<OpenIddictServerHandlerFilters.RequireTokenStorageEnabled>()
            .UseScopedHandler<WriteRedemptionWithItsSuccessor>()
            .SetOrder(RedeemTokenEntry.Descriptor.Order - 1)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    /// <summary>After every token of the sign-in was made and stored, before any is attached to the response.</summary>
    public static OpenIddictServerHandlerDescriptor TokensMadeDescriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<ProcessSignInContext>()
            .AddFilter<OpenIddictServerHandlerFilters.RequireTokenStorageEnabled>()
            .UseScopedHandler<TokensMade>()
            .SetOrder(AttachSignInParameters.Descriptor.Order - 1)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public static OpenIddictServerHandlerDescriptor ResponseDescriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<ApplyTokenResponseContext>()
            .AddFilter<OpenIddictServerHandlerFilters.RequireTokenStorageEnabled>()
            .UseScopedHandler<WriteRedemptionWithItsSuccessor>()
            .SetOrder(int.MinValue + 50_000)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public static OpenIddictServerHandlerDescriptor AuthorizationResponseDescriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<ApplyAuthorizationResponseContext>()
            .AddFilter<OpenIddictServerHandlerFilters.RequireTokenStorageEnabled>()
            .UseScopedHandler<WriteRedemptionWithItsSuccessor>()
            .SetOrder(int.MinValue + 50_000)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    private GrainTokenStore Store => tokens as GrainTokenStore
        ?? throw new InvalidOperationException("The token store is not the sessions' store.");

    public ValueTask HandleAsync(ProcessSignInContext context)
    {
        switch (context.EndpointType)
        {
            case OpenIddictServerEndpointType.Authorization:
                Store.CarryRedemptions = true;
                break;
            // OpenIddict issues a refresh token only for offline_access (OIDC Core §11).
            case OpenIddictServerEndpointType.Token when context.Principal?.HasScope(Scopes.OfflineAccess) ?? true:
                Store.HoldRedemptions = true;
                break;
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>A sign-in that did not make its tokens (refused before) leaves its redemption written all the same, as OpenIddict intends.</summary>
    public async ValueTask HandleAsync(ApplyTokenResponseContext context) => await Store.WriteHeldRedemptionsAsync();

    public async ValueTask HandleAsync(ApplyAuthorizationResponseContext context) => await Store.WriteHeldRedemptionsAsync();

    /// <summary>Writes what no new entry carried; refuses the sign-in when a redemption was lost to another request.</summary>
    public sealed class TokensMade(IOpenIddictTokenStore<OidcToken> tokens) : IOpenIddictServerHandler<ProcessSignInContext>
    {
        public async ValueTask HandleAsync(ProcessSignInContext context)
        {
            if (tokens is GrainTokenStore store && !await store.WriteHeldRedemptionsAsync())
            {
                context.Reject(
                    context.EndpointType == OpenIddictServerEndpointType.Token ? Errors.InvalidGrant : Errors.InvalidRequest,
                    context.EndpointType == OpenIddictServerEndpointType.Token
                        ? "The specified token has already been redeemed."
                        : "This authorization request was already answered.");
            }
        }
    }
}
