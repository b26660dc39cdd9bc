using System.Net;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.AspNetCore.WebUtilities;

namespace Hawiya.Server.Tests.Oidc;

/// <summary>The authorization code flow end to end, on the real server and PostgreSQL.</summary>
[Collection(OidcCollection.Name)]
public sealed class CodeFlowTests(OidcServer server)
{
    [Fact]
    public async Task PasswordLogin_CodeRedeemed_IdTokenSignedES256WithPairwiseSubAcrAmrAndClaims()
    {
        var citizen = await server.NewCitizenAsync();
        var (code, request, _) = await Login.CodeAsync(server, citizen.Number);
        using var client = new OidcClient(server);

        var (status, tokens) = await client.RedeemAsync(code, request);

        Assert.Equal(HttpStatusCode.OK, status);
        var idToken = tokens.GetProperty("id_token").GetString()!;
        var validated = await client.ValidateAsync(idToken);
        Assert.True(validated.IsValid, validated.Exception?.Message);
        var jwt = (JsonWebToken)validated.SecurityToken;
        Assert.Equal("ES256", jwt.Alg);
        Assert.Equal(request.Nonce, jwt.GetClaim("nonce").Value);
        Assert.Equal("eidas1", jwt.GetClaim("acr").Value);
        Assert.Equal(["pwd"], jwt.Claims.Where(c => c.Type == "amr").Select(c => c.Value));
        Assert.True(long.Parse(jwt.GetClaim("auth_time").Value, System.Globalization.CultureInfo.InvariantCulture) > 0);
        Assert.Equal("Salma", jwt.GetClaim("given_name").Value);
        Assert.Equal(43, jwt.Subject.Length);
        Assert.DoesNotContain(citizen.Number, jwt.Subject, StringComparison.OrdinalIgnoreCase);
        Assert.True(tokens.TryGetProperty("refresh_token", out _));
    }

    [Fact]
    public async Task UserInfo_AccessTokenOfALogin_ReturnsOnlyTheConsentedScopes()
    {
        var citizen = await server.NewCitizenAsync();
        var (code, request, _) = await Login.CodeAsync(server, citizen.Number, new AuthorizationRequest(OidcServer.ClientId, "openid email"));
        using var client = new OidcClient(server);
        var (_, tokens) = await client.RedeemAsync(code, request);

        var (status, claims) = await client.UserInfoAsync(tokens.GetProperty("access_token").GetString()!);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(citizen.Number.ToLowerInvariant() + "@example.ma", claims.GetProperty("email").GetString());
        Assert.True(claims.GetProperty("email_verified").GetBoolean());
        Assert.False(claims.TryGetProperty("given_name", out _));
        Assert.False(claims.TryGetProperty("phone_number", out _));
    }

    [Fact]
    public async Task AccessToken_IsASignedJwtWithoutPersonalData()
    {
        var citizen = await server.NewCitizenAsync();
        var (code, request, _) = await Login.CodeAsync(server, citizen.Number);
        using var client = new OidcClient(server);
        var (_, tokens) = await client.RedeemAsync(code, request);

        var access = new JsonWebToken(tokens.GetProperty("access_token").GetString()!);

        Assert.Equal("ES256", access.Alg);
        Assert.False(access.TryGetClaim("given_name", out _));
        Assert.False(access.TryGetClaim("email", out _));
        Assert.Equal("eidas1", access.GetClaim("acr").Value);
    }

    [Fact]
    public async Task SmsLogin_CodeFromTheOutbox_SignsIn()
    {
        var citizen = await server.NewCitizenAsync();
        var request = new AuthorizationRequest(OidcServer.ClientId);
        using var browser = new Browser(server.Issuer);
        await browser.OpenAsync(request.Url());
        await browser.PostStepAsync("identify", ("national_number", citizen.Number));

        var stop = await Login.WithSmsAsync(browser, server, citizen.Phone);

        Assert.NotNull(stop.Location);
        using var client = new OidcClient(server);
        var (status, tokens) = await client.RedeemAsync(stop.Query["code"], request);
        Assert.Equal(HttpStatusCode.OK, status);
        var jwt = new JsonWebToken(tokens.GetProperty("id_token").GetString()!);
        Assert.Equal(["otp", "sms"], jwt.Claims.Where(c => c.Type == "amr").Select(c => c.Value).Order());
    }

    [Fact]
    public async Task PairwiseSub_StableForOneProvider_DifferentAcrossSectors()
    {
        var citizen = await server.NewCitizenAsync();
        var first = await SubjectAsync(citizen, OidcServer.ClientId);
        var again = await SubjectAsync(citizen, OidcServer.ClientId);
        var other = await SubjectAsync(citizen, OidcServer.RsaClientId);

        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
    }

    [Fact]
    public async Task StepUp_ProviderNeedsEidas2_PasswordThenSmsGivesEidas2WithMfa()
    {
        var citizen = await server.NewCitizenAsync();
        var request = new AuthorizationRequest(OidcServer.StrongClientId);
        using var browser = new Browser(server.Issuer);
        await browser.OpenAsync(request.Url());
        await browser.PostStepAsync("identify", ("national_number", citizen.Number));
        await browser.PostStepAsync("method", ("method", "Password"));

        var afterPassword = await browser.PostStepAsync("password", ("password", OidcServer.Password));
        Assert.True(afterPassword.IsPage("method"), "a second factor should be asked for");
        Assert.DoesNotContain("value=\"Password\"", afterPassword.Html, StringComparison.Ordinal);
        var stop = await Login.WithSmsAsync(browser, server, citizen.Phone);

        using var client = new OidcClient(server, OidcServer.StrongClientId);
        var (_, tokens) = await client.RedeemAsync(stop.Query["code"], request);
        var jwt = new JsonWebToken(tokens.GetProperty("id_token").GetString()!);
        Assert.Equal("eidas2", jwt.GetClaim("acr").Value);
        Assert.Equal(["mfa", "otp", "pwd", "sms"], jwt.Claims.Where(c => c.Type == "amr").Select(c => c.Value).Order());
    }

    [Fact]
    public async Task RsaClient_IdTokenSignedRS256_ValidatesAgainstTheJwks()
    {
        var citizen = await server.NewCitizenAsync();
        var (code, request, _) = await Login.CodeAsync(server, citizen.Number, new AuthorizationRequest(OidcServer.RsaClientId));
        using var client = new OidcClient(server, OidcServer.RsaClientId);

        var (_, tokens) = await client.RedeemAsync(code, request);

        var validated = await client.ValidateAsync(tokens.GetProperty("id_token").GetString()!);
        Assert.True(validated.IsValid, validated.Exception?.Message);
        Assert.Equal("RS256", ((JsonWebToken)validated.SecurityToken).Alg);
    }

    [Fact]
    public async Task AuthorizationResponse_CarriesTheIssuer_Rfc9207()
    {
        var citizen = await server.NewCitizenAsync();
        var request = new AuthorizationRequest(OidcServer.ClientId);
        using var browser = new Browser(server.Issuer);
        await browser.OpenAsync(request.Url());

        var stop = await Login.WithPasswordAsync(browser, citizen.Number);

        Assert.Equal(server.Issuer.ToString(), stop.Query["iss"]);
    }

    [Fact]
    public async Task PushedAuthorizationRequest_RequestUriOpensTheLoginAndCompletes()
    {
        var citizen = await server.NewCitizenAsync();
        var request = new AuthorizationRequest(OidcServer.ClientId);
        using var client = new OidcClient(server);
        var (status, pushed) = await client.PostAsync("/connect/par", request.Parameters().ToDictionary(p => p.Key, p => p.Value!));
        Assert.Equal(HttpStatusCode.Created, status);
        var requestUri = pushed.GetProperty("request_uri").GetString()!;
        Assert.StartsWith("urn:ietf:params:oauth:request_uri:", requestUri, StringComparison.Ordinal);

        using var browser = new Browser(server.Issuer);
        var page = await browser.OpenAsync(QueryHelpers.AddQueryString("/connect/authorize", new Dictionary<string, string?> { ["client_id"] = OidcServer.ClientId, ["request_uri"] = requestUri }));
        Assert.True(page.IsPage("identify"));
        var stop = await Login.WithPasswordAsync(browser, citizen.Number);

        var (redeemed, _) = await client.RedeemAsync(stop.Query["code"], request);
        Assert.Equal(HttpStatusCode.OK, redeemed);
    }

    [Fact]
    public async Task ClientCredentials_AccreditedProvider_GetsASignedAccessToken()
    {
        using var client = new OidcClient(server);

        var (status, tokens) = await client.PostAsync("/connect/token", new Dictionary<string, string> { ["grant_type"] = "client_credentials" });

        Assert.Equal(HttpStatusCode.OK, status);
        var access = new JsonWebToken(tokens.GetProperty("access_token").GetString()!);
        Assert.Equal(OidcServer.ClientId, access.Subject);
        Assert.False(tokens.TryGetProperty("id_token", out _));
    }

    [Fact]
    public async Task Refresh_RotatesTheRefreshToken()
    {
        var citizen = await server.NewCitizenAsync();
        var (code, request, _) = await Login.CodeAsync(server, citizen.Number);
        using var client = new OidcClient(server);
        var (_, tokens) = await client.RedeemAsync(code, request);
        var first = tokens.GetProperty("refresh_token").GetString()!;

        var (status, refreshed) = await client.RefreshAsync(first);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.NotEqual(first, refreshed.GetProperty("refresh_token").GetString());
        Assert.True((await client.ValidateAsync(refreshed.GetProperty("id_token").GetString()!)).IsValid);
    }

    private async Task<string> SubjectAsync(TestCitizen citizen, string clientId)
    {
        var (code, request, browser) = await Login.CodeAsync(server, citizen.Number, new AuthorizationRequest(clientId));
        browser.Dispose();
        using var client = new OidcClient(server, clientId);
        var (_, tokens) = await client.RedeemAsync(code, request);
        return new JsonWebToken(tokens.GetProperty("id_token").GetString()!).Subject;
    }
}
