using System.Net;
using System.Security.Claims;
using System.Text.Json;
using Hawiya.Contracts.Providers;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using OpenIddict.Client;
using OpenIddict.Client.AspNetCore;

namespace Hawiya.Server.Tests.Oidc.RelyingParties;

/// <summary>Full logins driven by real relying-party libraries, as providers integrate.</summary>
[Collection(OidcCollection.Name)]
public sealed partial class RelyingPartyTests(OidcServer server)
{
    [Fact]
    public async Task AspNetCoreOpenIdConnectHandler_FullLogin_SignsInWithPairwiseSubAcrAndClaims()
    {
        var citizen = await server.NewCitizenAsync();
        await using var rp = await RelyingPartyHost.StartAsync(server, "aspnet-rp", "signin-oidc",
            (services, _) => AddOpenIdConnectHandler(services, "aspnet-rp", o =>
            {
                o.ClientSecret = OidcServer.ClientSecret;
                o.Scope.Add("email");
            }),
            MapClaims,
            // The handler sends its secret in the body: it registers for what it sends.
            seed => seed with { ClientAuthMethod = ClientAuthMethod.ClientSecretPost });

        var claims = await LogInAsync(rp, citizen, new Uri(rp.Address, "/"));

        Assert.Equal(43, claims.GetProperty("sub")[0].GetString()!.Length);
        Assert.Equal("eidas1", claims.GetProperty("acr")[0].GetString());
        Assert.Equal("pwd", claims.GetProperty("amr")[0].GetString());
        Assert.Equal("Salma", claims.GetProperty("given_name")[0].GetString());
        Assert.EndsWith("@example.ma", claims.GetProperty("email")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenIddictClient_FullLogin_ValidatesTheIdentityTokenAndUserinfo()
    {
        var citizen = await server.NewCitizenAsync();
        await using var rp = await RelyingPartyHost.StartAsync(server, "openiddict-rp", "callback/login/hawiya", (services, address) =>
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
                o.AddRegistration(new OpenIddictClientRegistration
                {
                    Issuer = server.Issuer,
                    ClientId = "openiddict-rp",
                    ClientSecret = OidcServer.ClientSecret,
                    Scopes = { "openid", "profile", "email" },
                    RedirectUri = new Uri("callback/login/hawiya", UriKind.Relative),
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
        }, seed => seed with { ClientAuthMethod = ClientAuthMethod.ClientSecretPost });

        var claims = await LogInAsync(rp, citizen, new Uri(rp.Address, "/login"));

        Assert.Equal("eidas1", claims.GetProperty("acr")[0].GetString());
        Assert.Equal("Salma", claims.GetProperty("given_name")[0].GetString());
        Assert.EndsWith("@example.ma", claims.GetProperty("email")[0].GetString(), StringComparison.Ordinal);
    }

    private async Task<JsonElement> LogInAsync(RelyingPartyHost rp, TestCitizen citizen, Uri start)
    {
        var (toHawiya, first) = await rp.VisitAsync(start, server.Issuer);
        Assert.True(toHawiya is not null, await first.Content.ReadAsStringAsync());
        using var browser = new Browser(server.Issuer);
        var page = await browser.OpenAsync(toHawiya.ToString());
        Assert.True(page.IsPage("identify"), page.Html);
        var back = await Login.WithPasswordAsync(browser, citizen.Number);
        var response = back.Location is { } location
            ? (await rp.VisitAsync(location, server.Issuer)).Response
            : await rp.SubmitFormPostAsync(back.Html);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK && body.StartsWith('{'), body);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>ASP.NET Core's OpenID Connect handler as a provider sets it up: code flow with PKCE, userinfo, the level kept.</summary>
    private void AddOpenIdConnectHandler(IServiceCollection services, string clientId, Action<OpenIdConnectOptions> client) =>
        services.AddAuthentication(o =>
            {
                o.DefaultScheme = CookieAuthenticationDefaults.AuthenticationScheme;
                o.DefaultChallengeScheme = OpenIdConnectDefaults.AuthenticationScheme;
            })
            .AddCookie()
            .AddOpenIdConnect(o =>
            {
                o.Authority = server.Issuer.ToString();
                o.RequireHttpsMetadata = false;
                o.ClientId = clientId;
                o.ResponseType = "code";
                o.UsePkce = true;
                o.MapInboundClaims = false;
                o.GetClaimsFromUserInfoEndpoint = true;
                o.Scope.Add("profile");
                o.TokenValidationParameters.ValidAlgorithms = ["ES256"];
                // The handler drops acr by default; a provider checking the level keeps it.
                o.ClaimActions.Remove("acr");
                client(o);
            });

    /// <summary>The relying party's home page: the signed-in user's claims, as JSON.</summary>
    private static void MapClaims(WebApplication app) =>
        app.MapGet("/", (ClaimsPrincipal user) => Results.Json(user.Claims.GroupBy(c => c.Type).ToDictionary(g => g.Key, g => g.Select(c => c.Value).ToArray())))
            .RequireAuthorization();
}
