using System.Net;
using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Hawiya.Server.Tests.Oidc.ClientAuthentication;

/// <summary>private_key_jwt (RFC 7523, OIDC Core §9), client_secret_post, signing keys and their rotation.</summary>
[Collection(OidcCollection.Name)]
public sealed class ClientAuthenticationTests(OidcServer server)
{
    [Fact]
    public async Task PrivateKeyJwt_AssertionSignedByTheRegisteredKey_GetsATokenByClientCredentials()
    {
        var (status, body) = await ClientCredentialsAsync(Assertion(server.JwtClientKey));

        Assert.True(status == HttpStatusCode.OK, body.ToString());
        Assert.True(body.TryGetProperty("access_token", out _));
    }

    [Fact]
    public async Task PrivateKeyJwt_AssertionSignedByAnotherKey_IsInvalidClient()
    {
        using var stranger = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        var (status, body) = await ClientCredentialsAsync(Assertion(stranger));

        // RFC 6749 §5.2 allows 401 for a client that failed to authenticate.
        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal("invalid_client", body.GetProperty("error").GetString());
    }

    [Fact]
    public async Task PrivateKeyJwt_ExpiredAssertion_IsInvalidClient()
    {
        var (_, body) = await ClientCredentialsAsync(Assertion(server.JwtClientKey, lifetime: TimeSpan.FromMinutes(-10)));

        Assert.True(body.TryGetProperty("error", out var error), body.ToString());
        Assert.Equal("invalid_client", error.GetString());
    }

    [Fact]
    public async Task ClientSecretPost_RightSecretInTheBody_IsAccepted()
    {
        using var client = new OidcClient(server, OidcServer.PostClientId);

        var (status, _) = await client.PostAsync("/connect/token", new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = OidcServer.PostClientId,
            ["client_secret"] = OidcServer.ClientSecret,
        }, authenticate: false);

        Assert.Equal(HttpStatusCode.OK, status);
    }

    [Fact]
    public async Task Jwks_PublishesTheNextKeyBeforeItSigns()
    {
        using var http = new HttpClient { BaseAddress = server.Issuer };
        var jwks = new JsonWebKeySet(await http.GetStringAsync("/.well-known/jwks"));
        using var client = new OidcClient(server);
        var (_, tokens) = await client.PostAsync("/connect/token", new Dictionary<string, string> { ["grant_type"] = "client_credentials" });

        Assert.Contains(jwks.Keys, k => k.Kid == OidcServer.NextKeyId);
        Assert.Contains(jwks.Keys, k => k.Kty == "RSA");
        Assert.Equal(OidcServer.ActiveKeyId, new JsonWebToken(tokens.GetProperty("access_token").GetString()!).Kid);
    }

    private async Task<(HttpStatusCode, System.Text.Json.JsonElement)> ClientCredentialsAsync(string assertion)
    {
        using var client = new OidcClient(server, OidcServer.JwtClientId);
        return await client.PostAsync("/connect/token", new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = OidcServer.JwtClientId,
            ["client_assertion_type"] = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
            ["client_assertion"] = assertion,
        }, authenticate: false);
    }

    /// <summary>
    /// RFC 7523 §3: iss and sub the client, aud the authorization server, a unique jti, a short
    /// life; typed client-authentication+jwt (draft-ietf-oauth-rfc7523bis) so that no other JWT
    /// the client holds can be replayed as an assertion.
    /// </summary>
    private string Assertion(ECDsa key, TimeSpan? lifetime = null, string type = "client-authentication+jwt")
    {
        var now = server.Time.GetUtcNow().UtcDateTime;
        var expires = now + (lifetime ?? TimeSpan.FromMinutes(2));
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = OidcServer.JwtClientId,
            Audience = server.Issuer.ToString(),
            Subject = new ClaimsIdentity([new Claim("sub", OidcServer.JwtClientId), new Claim("jti", Guid.NewGuid().ToString("N"))]),
            IssuedAt = expires < now ? expires.AddMinutes(-1) : now,
            NotBefore = expires < now ? expires.AddMinutes(-1) : now,
            Expires = expires,
            SigningCredentials = new SigningCredentials(new ECDsaSecurityKey(key) { KeyId = "jwt-client-1" }, SecurityAlgorithms.EcdsaSha256),
            TokenType = type,
        });
    }
}
