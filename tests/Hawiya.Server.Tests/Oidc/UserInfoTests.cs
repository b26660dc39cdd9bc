using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace Hawiya.Server.Tests.Oidc;

/// <summary>The userinfo endpoint read by GET or POST (OIDC Core §5.3.1), the token in the header (RFC 6750 §2.1).</summary>
[Collection(OidcCollection.Name)]
public sealed class UserInfoTests(OidcServer server)
{
    [Fact]
    public async Task UserInfo_PostWithBearerHeaderAndNoBody_ReturnsTheClaims()
    {
        var (token, expected) = await LoginAsync();
        using var http = new HttpClient { BaseAddress = server.Issuer };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/connect/userinfo");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);

        using var response = await http.SendAsync(request);

        var text = await response.Content.ReadAsStringAsync();
        Assert.Null(request.Content?.Headers.ContentType);
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        Assert.Equal(expected, JsonDocument.Parse(text).RootElement.GetProperty("sub").GetString());
    }

    [Fact]
    public async Task UserInfo_PostWithAnEmptyForm_ReturnsTheClaims()
    {
        var (token, expected) = await LoginAsync();
        using var http = new HttpClient { BaseAddress = server.Issuer };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/connect/userinfo") { Content = new FormUrlEncodedContent([]) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(expected, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("sub").GetString());
    }

    [Fact]
    public async Task UserInfo_PostWithAJsonBody_IsInvalidRequestInTheChallenge()
    {
        var (token, _) = await LoginAsync();
        using var http = new HttpClient { BaseAddress = server.Issuer };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/connect/userinfo") { Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        // RFC 6750 §3: the error travels in the Bearer challenge.
        Assert.Contains("error=\"invalid_request\"", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UserInfo_PostWithNoBodyAndNoToken_IsABearerChallenge()
    {
        using var http = new HttpClient { BaseAddress = server.Issuer };

        using var response = await http.PostAsync("/connect/userinfo", content: null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.StartsWith("Bearer", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
    }

    private async Task<(string AccessToken, string Subject)> LoginAsync()
    {
        var citizen = await server.NewCitizenAsync();
        var (code, request, _) = await Login.CodeAsync(server, citizen.Number);
        using var client = new OidcClient(server);
        var (_, tokens) = await client.RedeemAsync(code, request);
        var token = tokens.GetProperty("access_token").GetString()!;
        var (_, claims) = await client.UserInfoAsync(token);
        return (token, claims.GetProperty("sub").GetString()!);
    }
}
