using System.Security.Claims;
using System.Security.Cryptography;
using System.Text.Json;
using Hawiya.Contracts.Providers;
using Hawiya.Server.Operators;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Client;
using OpenIddict.Client.AspNetCore;

namespace Hawiya.Server.Tests.Oidc.RelyingParties;

/// <summary>private_key_jwt (RFC 7523, OIDC Core §9) as the libraries providers use send it by default.</summary>
public sealed partial class RelyingPartyTests
{
    [Fact]
    public async Task OpenIddictClient_PrivateKeyJwtFromItsDefaults_FullLogin()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var signing = new ECDsaSecurityKey(key) { KeyId = "openiddict-rp-key" };
        var citizen = await server.NewCitizenAsync();
        await using var rp = await RelyingPartyHost.StartAsync(server, "openiddict-jwt-rp", "callback/login/hawiya", (services, _) =>
        {
            services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme).AddCookie();
            services.AddOpenIddict().AddClient(o =>
            {
                o.AllowAuthorizationCodeFlow();
                o.AddEphemeralEncryptionKey().AddEphemeralSigningKey();
                o.DisableTokenStorage();
                o.SetRedirectionEndpointUris("callback/login/hawiya");
                o.UseAspNetCore().EnableRedirectionEndpointPassthrough().DisableTransportSecurityRequirement();
                o.UseSystemNetHttp();
                // The server's clock is the tests' (moved by some of them): the assertion's exp follows it.
                o.Configure(options => options.TimeProvider = server.Time);
                // No secret, a signing key: the client chooses private_key_jwt from discovery by itself.
                o.AddRegistration(new OpenIddictClientRegistration
                {
                    Issuer = server.Issuer,
                    ClientId = "openiddict-jwt-rp",
                    Scopes = { "openid", "profile", "email" },
                    RedirectUri = new Uri("callback/login/hawiya", UriKind.Relative),
                    SigningCredentials = { new SigningCredentials(signing, SecurityAlgorithms.EcdsaSha256) },
                });
            });
        }, app =>
        {
            app.MapGet("/login", () => Results.Challenge(new AuthenticationProperties(), [OpenIddictClientAspNetCoreDefaults.AuthenticationScheme]));
            app.MapMethods("/callback/login/hawiya", ["GET", "POST"], async (HttpContext http) =>
            {
                var result = await http.AuthenticateAsync(OpenIddictClientAspNetCoreDefaults.AuthenticationScheme);
                return result.Succeeded
                    ? Results.Json(result.Principal!.Claims.GroupBy(c => c.Type).ToDictionary(g => g.Key, g => g.Select(c => c.Value).ToArray()))
                    : Results.Problem(result.Failure?.Message ?? "authentication failed");
            });
        }, seed => PrivateKeyJwt(seed, signing));

        var claims = await LogInAsync(rp, citizen, new Uri(rp.Address, "/login"));

        Assert.Equal("eidas1", claims.GetProperty("acr")[0].GetString());
        Assert.Equal("Salma", claims.GetProperty("given_name")[0].GetString());
    }

    [Fact]
    public async Task AspNetCoreOpenIdConnectHandler_PlainRfc7523Assertion_FullLogin()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var signing = new ECDsaSecurityKey(key) { KeyId = "aspnet-rp-key" };
        var citizen = await server.NewCitizenAsync();
        await using var rp = await RelyingPartyHost.StartAsync(server, "aspnet-jwt-rp", "signin-oidc",
            (services, _) => AddOpenIdConnectHandler(services, "aspnet-jwt-rp", o =>
            {
                // The handler has no private_key_jwt of its own: the assertion is an RFC 7523 JWT
                // made with IdentityModel's defaults (typ JWT), its audience the endpoint it goes to.
                o.Events.OnPushAuthorization = context =>
                {
                    context.ProtocolMessage.ClientAssertionType = JwtBearer;
                    context.ProtocolMessage.ClientAssertion = Assertion("aspnet-jwt-rp", new Uri(server.Issuer, "connect/par").ToString(), signing, server.Time.GetUtcNow());
                    return Task.CompletedTask;
                };
                o.Events.OnAuthorizationCodeReceived = context =>
                {
                    context.TokenEndpointRequest!.ClientAssertionType = JwtBearer;
                    context.TokenEndpointRequest.ClientAssertion = Assertion("aspnet-jwt-rp", new Uri(server.Issuer, "connect/token").ToString(), signing, server.Time.GetUtcNow());
                    return Task.CompletedTask;
                };
            }),
            MapClaims,
            seed => PrivateKeyJwt(seed, signing));

        var claims = await LogInAsync(rp, citizen, new Uri(rp.Address, "/"));

        Assert.Equal("eidas1", claims.GetProperty("acr")[0].GetString());
        Assert.Equal("Salma", claims.GetProperty("given_name")[0].GetString());
    }

    /// <summary>The provider registered for private_key_jwt with the public half of its key (RFC 7517).</summary>
    private static ProviderSeed PrivateKeyJwt(ProviderSeed seed, ECDsaSecurityKey key)
    {
        var jwk = JsonWebKeyConverter.ConvertFromECDsaSecurityKey(key);
        var json = JsonSerializer.Serialize(new { keys = new[] { new { kty = jwk.Kty, crv = jwk.Crv, x = jwk.X, y = jwk.Y, kid = jwk.Kid, use = "sig", alg = "ES256" } } });
        return seed with { ClientAuthMethod = ClientAuthMethod.PrivateKeyJwt, ClientSecret = null, Jwks = json };
    }

    private const string JwtBearer = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

    /// <summary>IdentityModel's defaults, at the server's time (the tests' clock, which some of them move).</summary>
    private static string Assertion(string clientId, string audience, SecurityKey key, DateTimeOffset now) => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
    {
        Issuer = clientId,
        Audience = audience,
        Subject = new ClaimsIdentity([new Claim("sub", clientId), new Claim("jti", Guid.NewGuid().ToString())]),
        IssuedAt = now.UtcDateTime,
        NotBefore = now.UtcDateTime,
        Expires = now.UtcDateTime.AddMinutes(1),
        SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.EcdsaSha256),
    });
}
