using System.Net;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Hawiya.Server.Tests.Oidc.ClientAuthentication;

/// <summary>
/// private_key_jwt as RFC 7523 §3 and OIDC Core §9 define it: the header libraries send by
/// default, the audiences the specifications name, and everything else still refused with
/// <c>invalid_client</c> (RFC 7523 §3.2).
/// </summary>
[Collection(OidcCollection.Name)]
public sealed class ClientAssertionTests(OidcServer server)
{
    private const string KeyId = "jwt-client-1";

    private string TokenEndpoint => new Uri(server.Issuer, "connect/token").ToString();

    [Theory]
    [InlineData(null)]
    [InlineData("JWT")]
    [InlineData("client-authentication+jwt")]
    public async Task Token_AssertionUntypedJwtOrExplicitlyTyped_GetsAToken(string? type)
    {
        var (status, body) = await ClientCredentialsAsync(Assertion(server.Issuer.ToString(), type));

        Assert.True(status == HttpStatusCode.OK, body.ToString());
        Assert.True(body.TryGetProperty("access_token", out _));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("client-authentication+jwt")]
    public async Task Token_AudienceIsTheTokenEndpointUrl_GetsAToken(string? type)
    {
        var (status, body) = await ClientCredentialsAsync(Assertion(TokenEndpoint, type));

        Assert.True(status == HttpStatusCode.OK, body.ToString());
    }

    [Fact]
    public async Task Token_AssertionFromJsonWebTokenHandlerDefaults_GetsAToken()
    {
        // A plain RFC 7523 assertion as IdentityModel writes it with nothing but the claims set:
        // typ "JWT", aud the token endpoint (OIDC Core §9).
        var now = server.Time.GetUtcNow().UtcDateTime;
        var assertion = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = OidcServer.JwtClientId,
            Audience = TokenEndpoint,
            Subject = new ClaimsIdentity([new Claim("sub", OidcServer.JwtClientId), new Claim("jti", Guid.NewGuid().ToString())]),
            IssuedAt = now,
            NotBefore = now,
            Expires = now.AddMinutes(2),
            SigningCredentials = new SigningCredentials(new ECDsaSecurityKey(server.JwtClientKey) { KeyId = KeyId }, SecurityAlgorithms.EcdsaSha256),
        });
        Assert.Equal("JWT", new JsonWebToken(assertion).Typ);

        var (status, body) = await ClientCredentialsAsync(assertion);

        Assert.True(status == HttpStatusCode.OK, body.ToString());
    }

    [Theory]
    [InlineData("https://other-idp.example/", null)]
    [InlineData("https://other-idp.example/", "client-authentication+jwt")]
    [InlineData("connect/userinfo", null)]
    [InlineData("connect/introspect", "client-authentication+jwt")]
    [InlineData("", null)]
    public async Task Token_AudienceNotThisServerOrNotThisEndpoint_IsInvalidClient401(string audience, string? type)
    {
        var aud = audience.StartsWith("https://", StringComparison.Ordinal) || audience.Length == 0 ? audience : new Uri(server.Issuer, audience).ToString();

        var (status, body) = await ClientCredentialsAsync(Assertion(aud, type));

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal("invalid_client", body.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Token_SameAssertionTwice_SecondIsInvalidClient()
    {
        var assertion = Assertion(server.Issuer.ToString(), type: null);
        var (first, _) = await ClientCredentialsAsync(assertion);

        var (second, body) = await ClientCredentialsAsync(assertion);

        Assert.Equal(HttpStatusCode.OK, first);
        Assert.Equal(HttpStatusCode.Unauthorized, second);
        Assert.Equal("invalid_client", body.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Token_NewAssertionReusingAJti_IsInvalidClient()
    {
        var jti = Guid.NewGuid().ToString("N");
        var (first, _) = await ClientCredentialsAsync(Assertion(server.Issuer.ToString(), null, jti: jti));

        var (second, body) = await ClientCredentialsAsync(Assertion(TokenEndpoint, "JWT", jti: jti));

        Assert.Equal(HttpStatusCode.OK, first);
        Assert.Equal("invalid_client", body.GetProperty("error").GetString());
        Assert.Equal(HttpStatusCode.Unauthorized, second);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("client-authentication+jwt")]
    public async Task Token_ExpiredAssertion_IsInvalidClient401(string? type)
    {
        var (status, body) = await ClientCredentialsAsync(Assertion(server.Issuer.ToString(), type, lifetime: TimeSpan.FromMinutes(-10)));

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal("invalid_client", body.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Token_UnsignedAssertion_IsInvalidClient401()
    {
        var (status, body) = await ClientCredentialsAsync(Assertions.Unsigned(OidcServer.JwtClientId, server.Issuer.ToString(), server.Time.GetUtcNow()));

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal("invalid_client", body.GetProperty("error").GetString());
    }

    [Theory]
    [InlineData("at+jwt")]
    [InlineData("logout+jwt")]
    public async Task Token_AssertionTypedAsAnotherKindOfToken_IsInvalidClient(string type)
    {
        var (status, body) = await ClientCredentialsAsync(Assertion(server.Issuer.ToString(), type));

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal("invalid_client", body.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Token_SubjectIsNotTheClient_IsInvalidClient401()
    {
        var assertion = Assertions.Es256(server.JwtClientKey, KeyId, OidcServer.JwtClientId, server.Issuer.ToString(), server.Time.GetUtcNow(), subject: OidcServer.ClientId);

        var (status, body) = await ClientCredentialsAsync(assertion);

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal("invalid_client", body.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Token_SignedByAnotherKeyWithTheRegisteredKid_IsInvalidClient401()
    {
        using var stranger = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var assertion = Assertions.Es256(stranger, KeyId, OidcServer.JwtClientId, server.Issuer.ToString(), server.Time.GetUtcNow());

        var (status, body) = await ClientCredentialsAsync(assertion);

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal("invalid_client", body.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Introspection_AudienceIsTheIntrospectionEndpoint_Accepted()
    {
        var (status, body) = await SendAsync("connect/introspect", "connect/introspect");

        Assert.True(status == HttpStatusCode.OK, body.ToString());
        Assert.True(body.GetProperty("active").GetBoolean());
    }

    [Fact]
    public async Task Revocation_AudienceIsTheRevocationEndpoint_ClientAuthenticated()
    {
        var (status, body) = await SendAsync("connect/revoke", "connect/revoke");

        // Authenticated: what is refused is the token (access tokens are JWTs, RFC 7009 §2.2.1).
        Assert.NotEqual(HttpStatusCode.Unauthorized, status);
        Assert.Equal("unsupported_token_type", body.GetProperty("error").GetString());
    }

    [Theory]
    [InlineData("connect/introspect", "connect/revoke")]
    [InlineData("connect/revoke", "connect/introspect")]
    [InlineData("connect/revoke", "connect/userinfo")]
    public async Task IntrospectionAndRevocation_AudienceOfAnotherEndpoint_IsInvalidClient401(string path, string audience)
    {
        var (status, body) = await SendAsync(path, audience);

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal("invalid_client", body.GetProperty("error").GetString());
    }

    [Fact]
    public async Task PushedAuthorization_AudienceIsTheParEndpoint_Created()
    {
        var request = new AuthorizationRequest(OidcServer.JwtClientId);
        using var client = new OidcClient(server, OidcServer.JwtClientId);

        var (status, body) = await client.PostAsync("/connect/par", Assertions.Form(Assertion(new Uri(server.Issuer, "connect/par").ToString(), null),
            request.Parameters().Where(p => p.Value is not null).ToDictionary(p => p.Key, p => p.Value!)), authenticate: false);

        Assert.True(status == HttpStatusCode.Created, body.ToString());
    }

    private string Assertion(string audience, string? type, TimeSpan? lifetime = null, string? jti = null) =>
        Assertions.Es256(server.JwtClientKey, KeyId, OidcServer.JwtClientId, audience, server.Time.GetUtcNow(), type, lifetime, jti);

    private async Task<(HttpStatusCode, JsonElement)> SendAsync(string path, string audience)
    {
        var token = await AccessTokenAsync();
        using var client = new OidcClient(server, OidcServer.JwtClientId);
        return await client.PostAsync("/" + path, Assertions.Form(Assertion(new Uri(server.Issuer, audience).ToString(), null),
            new Dictionary<string, string> { ["token"] = token }), authenticate: false);
    }

    private async Task<string> AccessTokenAsync()
    {
        var (status, body) = await ClientCredentialsAsync(Assertion(server.Issuer.ToString(), "client-authentication+jwt"));
        Assert.Equal(HttpStatusCode.OK, status);
        return body.GetProperty("access_token").GetString()!;
    }

    private async Task<(HttpStatusCode, JsonElement)> ClientCredentialsAsync(string assertion)
    {
        using var client = new OidcClient(server, OidcServer.JwtClientId);
        return await client.PostAsync("/connect/token", Assertions.Form(assertion, new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = OidcServer.JwtClientId,
        }), authenticate: false);
    }
}
