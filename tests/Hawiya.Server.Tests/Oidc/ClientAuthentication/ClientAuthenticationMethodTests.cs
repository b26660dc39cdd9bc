using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Hawiya.Server.Tests.Oidc.ClientAuthentication;

/// <summary>
/// Each client authenticates with the method it registered, and every failure of client
/// authentication at every endpoint that authenticates clients is <c>invalid_client</c>, 401
/// (RFC 6749 §5.2); discovery says what assertions may be signed with (RFC 8414 §2).
/// </summary>
[Collection(OidcCollection.Name)]
public sealed class ClientAuthenticationMethodTests(OidcServer server)
{
    [Fact]
    public async Task Token_BasicClientSendsItsSecretInTheBody_IsInvalidClient401()
    {
        var (status, body, _) = await SendAsync("/connect/token", ClientCredentials(OidcServer.ClientId, withSecret: true), basic: null);

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal("invalid_client", body.GetProperty("error").GetString());
        Assert.Contains("client_secret_basic", body.GetProperty("error_description").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Token_PostClientSendsBasic_IsInvalidClient401WithBasicChallenge()
    {
        var (status, body, challenge) = await SendAsync("/connect/token", ClientCredentials(null, withSecret: false), basic: OidcServer.PostClientId);

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal("invalid_client", body.GetProperty("error").GetString());
        // RFC 6749 §5.2: a client that used HTTP Basic gets the Basic challenge.
        Assert.StartsWith("Basic", challenge, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Token_BasicClientWithTheRegisteredMethod_GetsAToken()
    {
        var (status, body, _) = await SendAsync("/connect/token", ClientCredentials(null, withSecret: false), basic: OidcServer.ClientId);

        Assert.True(status == HttpStatusCode.OK, body.ToString());
    }

    [Fact]
    public async Task Token_WrongSecretByBasic_IsInvalidClient401WithBasicChallenge()
    {
        var (status, body, challenge) = await SendAsync("/connect/token", ClientCredentials(null, withSecret: false), basic: OidcServer.ClientId, secret: "not-the-secret");

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal("invalid_client", body.GetProperty("error").GetString());
        Assert.StartsWith("Basic", challenge, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/connect/introspect")]
    [InlineData("/connect/revoke")]
    [InlineData("/connect/par")]
    public async Task OtherEndpoints_BasicClientSendsItsSecretInTheBody_IsInvalidClient401(string path)
    {
        var form = path == "/connect/par"
            ? new AuthorizationRequest(OidcServer.ClientId).Parameters().Where(p => p.Value is not null).ToDictionary(p => p.Key, p => p.Value!)
            : new Dictionary<string, string> { ["token"] = "anything", ["client_id"] = OidcServer.ClientId };
        form["client_secret"] = OidcServer.ClientSecret;

        var (status, body, _) = await SendAsync(path, form, basic: null);

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal("invalid_client", body.GetProperty("error").GetString());
    }

    [Theory]
    [InlineData("/connect/introspect")]
    [InlineData("/connect/revoke")]
    [InlineData("/connect/par")]
    public async Task OtherEndpoints_WrongSecret_IsInvalidClient401(string path)
    {
        var form = path == "/connect/par"
            ? new AuthorizationRequest(OidcServer.ClientId).Parameters().Where(p => p.Value is not null).ToDictionary(p => p.Key, p => p.Value!)
            : new Dictionary<string, string> { ["token"] = "anything" };

        var (status, body, challenge) = await SendAsync(path, form, basic: OidcServer.ClientId, secret: "not-the-secret");

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal("invalid_client", body.GetProperty("error").GetString());
        Assert.StartsWith("Basic", challenge, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Discovery_PrivateKeyJwtOffered_ListsTheAssertionSigningAlgorithms()
    {
        using var http = new HttpClient { BaseAddress = server.Issuer };
        using var discovery = JsonDocument.Parse(await http.GetStringAsync("/.well-known/openid-configuration"));
        var metadata = discovery.RootElement;

        foreach (var endpoint in new[] { "token_endpoint", "introspection_endpoint", "revocation_endpoint" })
        {
            var methods = metadata.GetProperty(endpoint + "_auth_methods_supported").EnumerateArray().Select(e => e.GetString()).ToArray();
            Assert.Contains("private_key_jwt", methods);
            var algorithms = metadata.GetProperty(endpoint + "_auth_signing_alg_values_supported").EnumerateArray().Select(e => e.GetString()).ToArray();
            Assert.Contains("ES256", algorithms);
            Assert.Contains("PS256", algorithms);
            // RFC 8414 §2: "none" MUST NOT be used.
            Assert.DoesNotContain("none", algorithms);
        }
    }

    private static Dictionary<string, string> ClientCredentials(string? clientId, bool withSecret)
    {
        var form = new Dictionary<string, string> { ["grant_type"] = "client_credentials" };
        if (clientId is not null)
        {
            form["client_id"] = clientId;
        }

        if (withSecret)
        {
            form["client_secret"] = OidcServer.ClientSecret;
        }

        return form;
    }

    private async Task<(HttpStatusCode Status, JsonElement Body, string Challenge)> SendAsync(string path, Dictionary<string, string> form, string? basic, string secret = OidcServer.ClientSecret)
    {
        using var http = new HttpClient { BaseAddress = server.Issuer };
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new FormUrlEncodedContent(form) };
        if (basic is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(basic + ":" + secret)));
        }

        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(text.StartsWith('{'), $"{(int)response.StatusCode}: {text}");
        return (response.StatusCode, JsonDocument.Parse(text).RootElement.Clone(), response.Headers.WwwAuthenticate.ToString());
    }
}
