using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using OpenIddict.Abstractions;

namespace Hawiya.Server.Tests.Oidc;

/// <summary>Which attributes a provider receives, by scope and by the claims parameter (OIDC Core §5.4, §5.5).</summary>
[Collection(OidcCollection.Name)]
public sealed class ClaimsTests(OidcServer server)
{
    [Fact]
    public async Task ClaimsParameter_OneAccreditedClaimBeyondTheScopes_IsConsentedAndReleasedAlone()
    {
        var citizen = await server.NewCitizenAsync();
        var request = new AuthorizationRequest(OidcServer.ClientId, "openid")
        {
            Extra = { ["claims"] = """{"id_token":{"given_name":{"essential":true}},"userinfo":{"phone_number":null}}""" },
        };
        using var browser = new Browser(server.Issuer);
        await browser.OpenAsync(request.Url());
        var consent = await Login.WithPasswordAsync(browser, citizen.Number, consent: false);
        Assert.Contains("given_name", consent.Html, StringComparison.Ordinal);
        var stop = await browser.PostStepAsync("consent", ("decision", "accept"));
        using var client = new OidcClient(server);

        var (_, tokens) = await client.RedeemAsync(stop.Query["code"], request);
        var (_, userInfo) = await client.UserInfoAsync(tokens.GetProperty("access_token").GetString()!);

        var idToken = new JsonWebToken(tokens.GetProperty("id_token").GetString()!);
        Assert.Equal("Salma", idToken.GetClaim("given_name").Value);
        Assert.False(idToken.TryGetClaim("family_name", out _));
        Assert.True(userInfo.TryGetProperty("phone_number", out _));
        Assert.False(userInfo.TryGetProperty("birthdate", out _));
    }

    [Fact]
    public async Task ClaimsParameter_ClaimOfAScopeNotAccredited_IsNotReleased()
    {
        var citizen = await server.NewCitizenAsync();
        var request = new AuthorizationRequest(OidcServer.ClientId, "openid") { Extra = { ["claims"] = """{"id_token":{"address":null}}""" } };
        var (code, _, browser) = await Login.CodeAsync(server, citizen.Number, request);
        browser.Dispose();
        using var client = new OidcClient(server);

        var (_, tokens) = await client.RedeemAsync(code, request);

        Assert.False(new JsonWebToken(tokens.GetProperty("id_token").GetString()!).TryGetClaim("address", out _));
    }

    [Fact]
    public async Task ClaimsParameter_EssentialAcr_RaisesTheLevelAskedFor()
    {
        var citizen = await server.NewCitizenAsync();
        var request = new AuthorizationRequest(OidcServer.ClientId) { Extra = { ["claims"] = """{"id_token":{"acr":{"essential":true,"values":["eidas2"]}}}""" } };
        using var browser = new Browser(server.Issuer);
        await browser.OpenAsync(request.Url());
        await browser.PostStepAsync("identify", ("national_number", citizen.Number));
        await browser.PostStepAsync("method", ("method", "Password"));

        var afterPassword = await browser.PostStepAsync("password", ("password", OidcServer.Password));

        Assert.True(afterPassword.IsPage("method"), "a second factor is needed for eidas2");
    }

    [Fact]
    public async Task ClaimsParameter_NotJson_RedirectsInvalidRequest()
    {
        using var browser = new Browser(server.Issuer);

        var stop = await browser.OpenAsync(new AuthorizationRequest(OidcServer.ClientId) { Extra = { ["claims"] = "{not json" } }.Url());

        Assert.Equal("invalid_request", stop.Query["error"]);
    }

    [Fact]
    public async Task UserInfo_PostWithBearerToken_AnswersLikeGet()
    {
        var citizen = await server.NewCitizenAsync();
        var (code, request, browser) = await Login.CodeAsync(server, citizen.Number);
        browser.Dispose();
        using var client = new OidcClient(server);
        var (_, tokens) = await client.RedeemAsync(code, request);
        using var http = new HttpClient { BaseAddress = server.Issuer };
        using var post = new HttpRequestMessage(HttpMethod.Post, "/connect/userinfo") { Content = new FormUrlEncodedContent([]) };
        post.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tokens.GetProperty("access_token").GetString());

        using var response = await http.SendAsync(post);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(new JsonWebToken(tokens.GetProperty("id_token").GetString()!).Subject, body.GetProperty("sub").GetString());
    }

    [Fact]
    public async Task UserInfo_WithoutToken_Is401WithBearerChallenge()
    {
        using var http = new HttpClient { BaseAddress = server.Issuer };

        using var response = await http.GetAsync("/connect/userinfo");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("Bearer", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ScopeStore_DescriptionChangedThroughOpenIddict_IsWhatTheConsentPageShows()
    {
        await using var scope = server.Services.CreateAsyncScope();
        var scopes = scope.ServiceProvider.GetRequiredService<IOpenIddictScopeManager>();
        var phone = await scopes.FindByNameAsync("phone") ?? throw new InvalidOperationException("phone scope missing");
        var descriptor = new OpenIddictScopeDescriptor();
        await scopes.PopulateAsync(descriptor, phone);
        var original = descriptor.DisplayNames[CultureInfo.GetCultureInfo("fr")];
        descriptor.DisplayNames[CultureInfo.GetCultureInfo("fr")] = "Votre numéro de mobile, pour vous rappeler";
        await scopes.UpdateAsync(phone, descriptor);
        try
        {
            var citizen = await server.NewCitizenAsync();
            using var browser = new Browser(server.Issuer);
            await browser.OpenAsync(new AuthorizationRequest(OidcServer.ClientId, "openid phone").Url());

            var consent = await Login.WithPasswordAsync(browser, citizen.Number, consent: false);

            Assert.Contains("pour vous rappeler", WebUtility.HtmlDecode(consent.Html), StringComparison.Ordinal);
        }
        finally
        {
            descriptor.DisplayNames[CultureInfo.GetCultureInfo("fr")] = original;
            await scopes.UpdateAsync(phone, descriptor);
        }
    }

    [Fact]
    public async Task Discovery_AdvertisesWhatTheServerDoes()
    {
        using var http = new HttpClient { BaseAddress = server.Issuer };

        var discovery = JsonDocument.Parse(await http.GetStringAsync("/.well-known/openid-configuration")).RootElement;

        Assert.True(discovery.GetProperty("claims_parameter_supported").GetBoolean());
        Assert.True(discovery.GetProperty("authorization_response_iss_parameter_supported").GetBoolean());
        Assert.Equal(["S256"], discovery.GetProperty("code_challenge_methods_supported").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["pairwise"], discovery.GetProperty("subject_types_supported").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["eidas1", "eidas2", "eidas3"], discovery.GetProperty("acr_values_supported").EnumerateArray().Select(e => e.GetString()));
        Assert.Contains("RS256", discovery.GetProperty("id_token_signing_alg_values_supported").EnumerateArray().Select(e => e.GetString()));
        Assert.DoesNotContain("fragment", discovery.GetProperty("response_modes_supported").EnumerateArray().Select(e => e.GetString()));
    }
}
