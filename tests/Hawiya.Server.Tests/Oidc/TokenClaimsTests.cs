using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Hawiya.Server.Tests.Oidc;

/// <summary>
/// Tokens carry only what providers need: every claim of every token a provider receives, after a
/// real login, is on an allow-list, and none is one of OpenIddict's internal claims (<c>oi_*</c>).
/// </summary>
[Collection(OidcCollection.Name)]
public sealed class TokenClaimsTests(OidcServer server)
{
    /// <summary>OIDC Core §2 and §3.1.3.6, with the platform's receipt id; attributes come from claims_supported.</summary>
    private static readonly string[] IdTokenProtocolClaims =
        ["iss", "sub", "aud", "exp", "iat", "auth_time", "nonce", "acr", "amr", "azp", "at_hash", "receipt_id"];

    /// <summary>RFC 9068 §2.2, the level and the login session (for the platform's own checks).</summary>
    private static readonly string[] AccessTokenClaims =
        ["iss", "exp", "iat", "nbf", "jti", "sub", "aud", "client_id", "scope", "acr", "auth_time", "sid"];

    /// <summary>RFC 9068 §2.2 for a token that names a provider, not a citizen.</summary>
    private static readonly string[] ClientCredentialsClaims = ["iss", "exp", "iat", "nbf", "jti", "sub", "aud", "client_id", "scope"];

    /// <summary>RFC 7662 §2.2, and the level (see AddLevelToIntrospection).</summary>
    private static readonly string[] IntrospectionMembers =
        ["active", "iss", "sub", "aud", "exp", "iat", "nbf", "jti", "client_id", "scope", "token_type", "token_usage", "username", "acr", "sid"];

    [Fact]
    public async Task CodeFlow_EveryTokenAProviderGets_CarriesOnlyAllowedClaimsAndNoInternalOnes()
    {
        var supported = await SupportedClaimsAsync();
        var citizen = await server.NewCitizenAsync();
        var request = new AuthorizationRequest(OidcServer.ClientId, "openid profile email phone offline_access");
        using var browser = new Browser(server.Issuer);
        await browser.OpenAsync(request.Url());
        await browser.PostStepAsync("identify", ("national_number", citizen.Number));
        var stop = await Login.WithSmsAsync(browser, server, citizen.Phone);
        using var client = new OidcClient(server);

        var (status, tokens) = await client.RedeemAsync(stop.Query["code"], request);
        Assert.Equal(HttpStatusCode.OK, status);
        var (_, refreshed) = await client.RefreshAsync(tokens.GetProperty("refresh_token").GetString()!);
        var accessToken = tokens.GetProperty("access_token").GetString()!;
        var (_, userInfo) = await client.UserInfoAsync(accessToken);
        var (_, introspection) = await client.PostAsync("/connect/introspect", new Dictionary<string, string> { ["token"] = accessToken });

        foreach (var response in new[] { tokens, refreshed })
        {
            AssertOnlyAllowed("ID token", Claims(response.GetProperty("id_token").GetString()!), [.. IdTokenProtocolClaims, .. supported]);
            AssertOnlyAllowed("access token", Claims(response.GetProperty("access_token").GetString()!), AccessTokenClaims);
            // Refresh tokens are encrypted to the platform (JWE, RFC 7516 §3.1: five parts): nothing in them is readable.
            Assert.Equal(5, response.GetProperty("refresh_token").GetString()!.Split('.').Length);
        }

        Assert.Contains("given_name", Claims(tokens.GetProperty("id_token").GetString()!));
        AssertOnlyAllowed("userinfo", [.. userInfo.EnumerateObject().Select(p => p.Name)], ["sub", .. supported]);
        Assert.True(userInfo.TryGetProperty("phone_number", out _), userInfo.ToString());
        Assert.True(introspection.GetProperty("active").GetBoolean(), introspection.ToString());
        AssertOnlyAllowed("introspection", [.. introspection.EnumerateObject().Select(p => p.Name)], IntrospectionMembers);
    }

    [Fact]
    public async Task ClientCredentials_TheTokenFromTheLaneAndFromOpenIddict_CarryOnlyAllowedClaims()
    {
        using var client = new OidcClient(server);
        var form = new Dictionary<string, string> { ["grant_type"] = "client_credentials", ["scope"] = "profile" };

        var (_, lane) = await client.PostAsync("/connect/token", form);
        // A percent-encoded client id (RFC 6749 §2.3.1) is left by the lane to OpenIddict.
        using var http = new HttpClient { BaseAddress = server.Issuer };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/connect/token") { Content = new FormUrlEncodedContent(form) };
        request.Headers.Authorization = OidcServerBasic("tax%2Dportal", OidcServer.ClientSecret);
        using var response = await http.SendAsync(request);
        using var pipeline = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        AssertOnlyAllowed("client-credentials token (lane)", Claims(lane.GetProperty("access_token").GetString()!), ClientCredentialsClaims);
        AssertOnlyAllowed("client-credentials token", Claims(pipeline.RootElement.GetProperty("access_token").GetString()!), ClientCredentialsClaims);
    }

    [Fact]
    public async Task IdTokenHint_WithoutTheSessionInIt_StillEndsTheSessionAndStillReauthenticatesSilently()
    {
        var citizen = await server.NewCitizenAsync();
        var (code, request, loggedIn) = await Login.CodeAsync(server, citizen.Number);
        using var browser = loggedIn;
        using var client = new OidcClient(server);
        var (_, tokens) = await client.RedeemAsync(code, request);
        var idToken = tokens.GetProperty("id_token").GetString()!;

        var silent = await browser.OpenAsync(new AuthorizationRequest(OidcServer.ClientId) { Extra = { ["prompt"] = "none", ["id_token_hint"] = idToken } }.Url());
        // RP-Initiated Logout 1.0 §2: OpenIddict validates the hint (signature, issuer, client) before it ends anything.
        var logout = await browser.OpenAsync(QueryHelpers.AddQueryString("/connect/endsession", new Dictionary<string, string?>
        {
            ["client_id"] = OidcServer.ClientId,
            ["id_token_hint"] = idToken,
            ["post_logout_redirect_uri"] = OidcServer.PostLogoutUri,
            ["state"] = "bye",
        }));
        var afterwards = await browser.OpenAsync(new AuthorizationRequest(OidcServer.ClientId) { Extra = { ["prompt"] = "none" } }.Url());

        Assert.False(new JsonWebToken(idToken).TryGetClaim("sid", out _));
        Assert.True(silent.Query.ContainsKey("code"), silent.Location?.ToString());
        Assert.Equal(OidcServer.PostLogoutUri, logout.Location!.GetLeftPart(UriPartial.Path));
        Assert.Equal("bye", logout.Query["state"]);
        Assert.Equal("login_required", afterwards.Query["error"]);
    }

    private static System.Net.Http.Headers.AuthenticationHeaderValue OidcServerBasic(string user, string password) =>
        new("Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{user}:{password}")));

    private static List<string> Claims(string jwt) => [.. new JsonWebToken(jwt).Claims.Select(c => c.Type).Distinct()];

    private static void AssertOnlyAllowed(string what, IReadOnlyCollection<string> claims, IReadOnlyCollection<string> allowed)
    {
        Assert.DoesNotContain(claims, c => c.StartsWith("oi_", StringComparison.Ordinal));
        var unexpected = claims.Except(allowed, StringComparer.Ordinal).ToList();
        Assert.True(unexpected.Count == 0, $"{what} carries {string.Join(", ", unexpected)} (all: {string.Join(", ", claims)})");
    }

    private async Task<string[]> SupportedClaimsAsync()
    {
        using var http = new HttpClient { BaseAddress = server.Issuer };
        using var discovery = JsonDocument.Parse(await http.GetStringAsync("/.well-known/openid-configuration"));
        return [.. discovery.RootElement.GetProperty("claims_supported").EnumerateArray().Select(c => c.GetString()!)];
    }
}
