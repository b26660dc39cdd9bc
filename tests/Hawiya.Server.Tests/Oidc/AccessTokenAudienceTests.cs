using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Hawiya.Server.Oidc;
using Hawiya.Server.Unicity;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Hawiya.Server.Tests.Oidc;

/// <summary>
/// Issue 26, finding 10: every access token names the resource it is for (RFC 9068 §3, <c>aud</c>),
/// and every API of Hawiya refuses one that does not name it (§4), with 401 invalid_token.
/// </summary>
[Collection(OidcCollection.Name)]
public sealed class AccessTokenAudienceTests(OidcServer server)
{
    [Fact]
    public async Task AccessToken_FromALoginItsRefreshAndClientCredentials_NamesHawiyasApis()
    {
        var citizen = await server.NewCitizenAsync();
        var (code, request, browser) = await Login.CodeAsync(server, citizen.Number);
        browser.Dispose();
        using var client = new OidcClient(server);
        var (_, tokens) = await client.RedeemAsync(code, request);
        var (_, refreshed) = await client.RefreshAsync(tokens.GetProperty("refresh_token").GetString()!);
        var (_, own) = await client.PostAsync("/connect/token", new Dictionary<string, string> { ["grant_type"] = "client_credentials" });

        foreach (var body in new[] { tokens, refreshed, own })
        {
            var token = new JsonWebToken(body.GetProperty("access_token").GetString()!);
            Assert.Equal([OidcSettings.DefaultAccessTokenAudience], token.Audiences);
        }
    }

    [Fact]
    public async Task UserInfo_TokenForAnotherAudience_Is401InvalidToken()
    {
        var token = await CitizenTokenAsync();
        using var client = new OidcClient(server);

        var (genuine, _) = await client.UserInfoAsync(token);
        var response = await UserInfoAsync(AccessTokenForgery.Resign(server, token, "https://other.example.ma/api"));
        var missing = await UserInfoAsync(AccessTokenForgery.Resign(server, token, audience: null));

        Assert.Equal(HttpStatusCode.OK, genuine);
        foreach (var refused in new[] { response, missing })
        {
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
            Assert.Contains("error=\"invalid_token\"", refused.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
            refused.Dispose();
        }
    }

    [Fact]
    public async Task Unicity_TokenForAnotherAudience_Is401InvalidToken()
    {
        var token = await CitizenTokenAsync();

        var (genuine, _) = await ParticipateAsync(token);
        var (status, body) = await ParticipateAsync(AccessTokenForgery.Resign(server, token, "https://other.example.ma/api"));

        Assert.NotEqual(HttpStatusCode.Unauthorized, genuine);
        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal("invalid_token", body.GetProperty("error").GetString());
    }

    [Fact]
    public async Task AppApi_TokenForAnotherAudience_Is401()
    {
        using var app = await CitizenAppClient.SignedInAsync(server, await server.NewCitizenAsync());
        app.AccessToken = AccessTokenForgery.Resign(server, app.AccessToken!, "https://other.example.ma/api");

        var enrolled = await app.EnrollAsync("Phone of another audience");

        Assert.Equal(HttpStatusCode.Unauthorized, enrolled.Status);
    }

    private async Task<string> CitizenTokenAsync()
    {
        var citizen = await server.NewCitizenAsync();
        var (code, request, browser) = await Login.CodeAsync(server, citizen.Number);
        browser.Dispose();
        using var client = new OidcClient(server);
        var (_, tokens) = await client.RedeemAsync(code, request);
        return tokens.GetProperty("access_token").GetString()!;
    }

    private async Task<HttpResponseMessage> UserInfoAsync(string token)
    {
        using var http = new HttpClient { BaseAddress = server.Issuer };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/connect/userinfo");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await http.SendAsync(request);
    }

    private async Task<(HttpStatusCode Status, JsonElement Body)> ParticipateAsync(string token)
    {
        using var http = new HttpClient { BaseAddress = server.Issuer };
        using var request = new HttpRequestMessage(HttpMethod.Post, UnicityEndpoints.ParticipationsPath) { Content = JsonContent.Create(new { context = "budget" }) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }
}
