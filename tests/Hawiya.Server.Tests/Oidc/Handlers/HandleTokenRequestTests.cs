using System.Security.Claims;
using Hawiya.Server.Oidc;
using Hawiya.Server.Oidc.Handlers;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Hawiya.Server.Tests.Oidc.Handlers;

public sealed class HandleTokenRequestTests
{
    private static readonly OidcSettings Settings = new();

    [Fact]
    public async Task A_refresh_token_without_an_audience_yields_an_access_token_for_the_api()
    {
        var context = await HandleAsync(GrantTypes.RefreshToken, Principal());

        Assert.False(context.IsRejected);
        Assert.Equal([Settings.AccessTokenAudience], context.Principal!.GetResources().ToArray());
    }

    [Fact]
    public async Task A_refresh_token_that_names_the_audience_keeps_it_once()
    {
        var context = await HandleAsync(GrantTypes.RefreshToken, Principal(Settings.AccessTokenAudience));

        Assert.Equal([Settings.AccessTokenAudience], context.Principal!.GetResources().ToArray());
    }

    [Fact]
    public async Task A_code_keeps_the_resources_it_was_issued_with_and_gains_the_api()
    {
        var context = await HandleAsync(GrantTypes.AuthorizationCode, Principal("urn:other"));

        Assert.Equal(["urn:other", Settings.AccessTokenAudience], context.Principal!.GetResources().ToArray());
    }

    [Fact]
    public async Task An_unknown_grant_type_is_refused()
    {
        var context = await HandleAsync("urn:example:grant", Principal());

        Assert.True(context.IsRejected);
        Assert.Equal(Errors.UnsupportedGrantType, context.Error);
    }

    private static ClaimsPrincipal Principal(params string[] resources)
    {
        var identity = new ClaimsIdentity(TokenValidationParameters.DefaultAuthenticationType, Claims.Name, Claims.Role);
        identity.SetClaim(Claims.Subject, "pairwise-subject");
        identity.SetScopes(Scopes.OpenId);
        if (resources.Length > 0)
        {
            identity.SetResources(resources);
        }

        return new ClaimsPrincipal(identity);
    }

    private static async Task<HandleTokenRequestContext> HandleAsync(string grantType, ClaimsPrincipal principal)
    {
        var transaction = new OpenIddictServerTransaction
        {
            Options = new OpenIddictServerOptions(),
            Logger = NullLogger.Instance,
            Request = new OpenIddictRequest { GrantType = grantType },
        };
        var context = new HandleTokenRequestContext(transaction)
        {
            AuthorizationCodePrincipal = grantType == GrantTypes.AuthorizationCode ? principal : null,
            RefreshTokenPrincipal = grantType == GrantTypes.RefreshToken ? principal : null,
        };

        await new HandleTokenRequest(Options.Create(Settings)).HandleAsync(context);
        return context;
    }
}
