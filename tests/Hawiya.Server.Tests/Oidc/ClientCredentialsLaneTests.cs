using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Hawiya.Server.Tests.Oidc;

/// <summary>
/// The client-credentials lane answers well-formed requests without OpenIddict's pipeline; it
/// must issue exactly OpenIddict's token, and leave everything else to OpenIddict.
/// </summary>
[Collection(OidcCollection.Name)]
public sealed class ClientCredentialsLaneTests(OidcServer server)
{
    [Fact]
    public async Task Token_ThroughTheLane_IsTheTokenOpenIddictIssues()
    {
        var form = new Dictionary<string, string> { ["grant_type"] = "client_credentials", ["scope"] = "profile email" };

        // The lane takes plain credentials; percent-encoded ones (RFC 6749 §2.3.1) go to OpenIddict.
        var (laneStatus, lane) = await PostAsync(form, OidcServer.ClientId);
        var (pipelineStatus, pipeline) = await PostAsync(form, "tax%2Dportal");

        Assert.Equal(HttpStatusCode.OK, laneStatus);
        Assert.Equal(HttpStatusCode.OK, pipelineStatus);
        var laneToken = new JsonWebToken(lane.GetProperty("access_token").GetString()!);
        var pipelineToken = new JsonWebToken(pipeline.GetProperty("access_token").GetString()!);
        Assert.Equal(Header(pipelineToken), Header(laneToken));
        Assert.Equal(Claims(pipelineToken), Claims(laneToken));
        Assert.NotEqual(pipelineToken.Id, laneToken.Id);
        Assert.Equal("profile email", laneToken.GetClaim("scope").Value);
        Assert.Equal(pipeline.GetProperty("token_type").GetString(), lane.GetProperty("token_type").GetString());
        // OpenIddict counts expires_in from its own clock reading: a second either way.
        var expiresIn = pipeline.GetProperty("expires_in").GetInt64();
        Assert.InRange(lane.GetProperty("expires_in").GetInt64(), expiresIn - 1, expiresIn + 1);
        Assert.False(lane.TryGetProperty("id_token", out _));
    }

    [Fact]
    public async Task Token_FromTheLane_IsValidForRelyingPartiesAndIntrospection()
    {
        using var client = new OidcClient(server);
        var (_, body) = await PostAsync(new Dictionary<string, string> { ["grant_type"] = "client_credentials" }, OidcServer.ClientId);
        var token = body.GetProperty("access_token").GetString()!;

        var validation = await client.ValidateAsync(token, audience: "");
        var (status, introspection) = await client.PostAsync("/connect/introspect", new Dictionary<string, string> { ["token"] = token });

        Assert.True(validation.IsValid, validation.Exception?.Message);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True(introspection.GetProperty("active").GetBoolean(), introspection.ToString());
        Assert.Equal(OidcServer.ClientId, introspection.GetProperty("client_id").GetString());
    }

    [Fact]
    public async Task Token_WrongSecret_IsOpenIddictsInvalidClient()
    {
        using var http = new HttpClient { BaseAddress = server.Issuer };
        using var request = Request(new Dictionary<string, string> { ["grant_type"] = "client_credentials" }, OidcServer.ClientId, "not-the-secret");

        using var response = await http.SendAsync(request);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("invalid_client", body.GetProperty("error").GetString());
        Assert.StartsWith("Basic", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(OidcServer.SuspendedClientId, "invalid_client")]
    [InlineData("nobody-here", "invalid_client")]
    public async Task Token_ClientNotAccredited_IsInvalidClient(string clientId, string error)
    {
        var (status, body) = await PostAsync(new Dictionary<string, string> { ["grant_type"] = "client_credentials" }, clientId);

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal(error, body.GetProperty("error").GetString());
    }

    [Theory]
    [InlineData("profile address", "invalid_request")]
    [InlineData("no-such-scope", "invalid_scope")]
    public async Task Token_ScopeNotGrantedOrUnknown_IsAnsweredByOpenIddict(string scope, string error)
    {
        var (status, body) = await PostAsync(new Dictionary<string, string> { ["grant_type"] = "client_credentials", ["scope"] = scope }, OidcServer.ClientId);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(error, body.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Token_CredentialsInHeaderAndBody_IsRefusedByOpenIddict()
    {
        var (status, body) = await PostAsync(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = OidcServer.ClientId,
            ["client_secret"] = OidcServer.ClientSecret,
        }, OidcServer.ClientId);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("invalid_request", body.GetProperty("error").GetString());
    }

    private async Task<(HttpStatusCode, JsonElement)> PostAsync(Dictionary<string, string> form, string encodedClientId)
    {
        using var http = new HttpClient { BaseAddress = server.Issuer };
        using var request = Request(form, encodedClientId, OidcServer.ClientSecret);
        using var response = await http.SendAsync(request);
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone());
    }

    private static HttpRequestMessage Request(Dictionary<string, string> form, string encodedClientId, string secret)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/connect/token") { Content = new FormUrlEncodedContent(form) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(encodedClientId + ":" + secret)));
        return request;
    }

    private static string Header(JsonWebToken token) => $"{token.Alg}|{token.Kid}|{token.Typ}|{string.Join(',', token.Header().Keys())}";

    private static string Claims(JsonWebToken token) =>
        string.Join(';', token.Claims.Where(c => c.Type != "jti").Select(c => c.Type + "=" + c.Value));
}

internal static class JsonWebTokenHeaders
{
    public static IEnumerable<string> Keys(this JsonElement header) => header.EnumerateObject().Select(p => p.Name);

    public static JsonElement Header(this JsonWebToken token) =>
        JsonDocument.Parse(System.Buffers.Text.Base64Url.DecodeFromChars(token.EncodedHeader)).RootElement.Clone();
}
