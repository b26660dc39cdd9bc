using System.Net;
using System.Text.Json;

namespace Hawiya.Server.Tests.Oidc;

/// <summary>Every refusal answers with the right OAuth/OIDC error, and redirects only to a registered URI.</summary>
[Collection(OidcCollection.Name)]
public sealed class RefusalTests(OidcServer server)
{
    [Fact]
    public async Task Code_RedeemedTwice_SecondIsInvalidGrantAndRevokesWhatTheFirstIssued()
    {
        var citizen = await server.NewCitizenAsync();
        var (code, request, _) = await Login.CodeAsync(server, citizen.Number);
        using var client = new OidcClient(server);
        var (_, tokens) = await client.RedeemAsync(code, request);

        var (status, error) = await client.RedeemAsync(code, request);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("invalid_grant", error.GetProperty("error").GetString());
        // RFC 6749 §4.1.2: tokens issued from a code used twice are revoked.
        var (refreshStatus, refreshError) = await client.RefreshAsync(tokens.GetProperty("refresh_token").GetString()!);
        Assert.Equal(HttpStatusCode.BadRequest, refreshStatus);
        Assert.Equal("invalid_grant", refreshError.GetProperty("error").GetString());
        var (userInfoStatus, _) = await client.UserInfoAsync(tokens.GetProperty("access_token").GetString()!);
        Assert.Equal(HttpStatusCode.Unauthorized, userInfoStatus);
    }

    [Fact]
    public async Task Code_AfterItsSixtySeconds_IsInvalidGrant()
    {
        var citizen = await server.NewCitizenAsync();
        var (code, request, _) = await Login.CodeAsync(server, citizen.Number);
        server.Time.Advance(TimeSpan.FromSeconds(61));
        using var client = new OidcClient(server);

        var (status, error) = await client.RedeemAsync(code, request);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("invalid_grant", error.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Code_OtherRedirectUri_IsInvalidGrant()
    {
        var (code, request) = await FreshCodeAsync();
        using var client = new OidcClient(server);

        var (_, error) = await client.RedeemAsync(code, request, redirectUri: "http://127.0.0.1:7001/elsewhere");

        Assert.Equal("invalid_grant", error.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Code_WrongPkceVerifier_IsInvalidGrant()
    {
        var (code, request) = await FreshCodeAsync();
        using var client = new OidcClient(server);

        var (_, error) = await client.RedeemAsync(code, request, verifier: new AuthorizationRequest(OidcServer.ClientId).Verifier);

        Assert.Equal("invalid_grant", error.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Code_MissingPkceVerifier_IsInvalidRequest()
    {
        var (code, request) = await FreshCodeAsync();
        using var client = new OidcClient(server);

        var (_, error) = await client.PostAsync("/connect/token", new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["code"] = code,
            ["redirect_uri"] = request.RedirectUri,
        });

        Assert.Equal("invalid_request", error.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Code_RedeemedByAnotherClient_IsInvalidGrant()
    {
        var (code, request) = await FreshCodeAsync();
        using var other = new OidcClient(server, OidcServer.RsaClientId);

        var (_, error) = await other.RedeemAsync(code, request);

        Assert.Equal("invalid_grant", error.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Authorize_WithoutPkce_RedirectsInvalidRequest()
    {
        var stop = await OpenAsync(new AuthorizationRequest(OidcServer.ClientId).Url(withPkce: false));

        Assert.Equal("invalid_request", stop.Query["error"]);
    }

    [Fact]
    public async Task Authorize_PlainPkce_RedirectsInvalidRequest()
    {
        var request = new AuthorizationRequest(OidcServer.ClientId) { Extra = { ["code_challenge_method"] = "plain" } };

        var stop = await OpenAsync(request.Url());

        Assert.Equal("invalid_request", stop.Query["error"]);
        Assert.Equal(request.State, stop.Query["state"]);
    }

    [Theory]
    [InlineData("state")]
    [InlineData("nonce")]
    public async Task Authorize_WithoutStateOrNonce_RedirectsInvalidRequest(string missing)
    {
        var request = new AuthorizationRequest(OidcServer.ClientId) { Extra = { [missing] = null } };

        var stop = await OpenAsync(request.Url());

        Assert.Equal("invalid_request", stop.Query["error"]);
        Assert.Contains(missing, stop.Query["error_description"], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("unknown-portal")]
    [InlineData(OidcServer.SuspendedClientId)]
    public async Task Authorize_UnknownOrSuspendedClient_ErrorPageAndNoRedirect(string clientId)
    {
        var stop = await OpenAsync(new AuthorizationRequest(clientId).Url());

        Assert.Null(stop.Location);
        Assert.Equal(HttpStatusCode.BadRequest, stop.Status);
    }

    [Fact]
    public async Task Authorize_UnregisteredRedirectUri_ErrorPageAndNoRedirect()
    {
        var stop = await OpenAsync(new AuthorizationRequest(OidcServer.ClientId) { RedirectUri = "https://attacker.example/cb" }.Url());

        Assert.Null(stop.Location);
        Assert.Equal(HttpStatusCode.BadRequest, stop.Status);
    }

    [Fact]
    public async Task Authorize_ScopeNotAccredited_RedirectsInvalidScope()
    {
        var stop = await OpenAsync(new AuthorizationRequest(OidcServer.ClientId, "openid address").Url());

        Assert.Equal("invalid_scope", stop.Query["error"]);
    }

    [Fact]
    public async Task Authorize_PromptNoneWithoutSession_RedirectsLoginRequired()
    {
        var request = new AuthorizationRequest(OidcServer.ClientId) { Extra = { ["prompt"] = "none" } };

        var stop = await OpenAsync(request.Url());

        Assert.Equal("login_required", stop.Query["error"]);
        Assert.Equal(request.State, stop.Query["state"]);
    }

    [Fact]
    public async Task Token_SuspendedClient_IsInvalidClient401()
    {
        using var client = new OidcClient(server, OidcServer.SuspendedClientId);

        var (status, error) = await client.PostAsync("/connect/token", new Dictionary<string, string> { ["grant_type"] = "client_credentials" });

        // RFC 6749 §5.2: 401 when the client authenticated with the Authorization header.
        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal("invalid_client", error.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Token_WrongClientSecret_IsInvalidClient401()
    {
        using var client = new OidcClient(server, OidcServer.ClientId, "not-the-secret");

        var (status, error) = await client.PostAsync("/connect/token", new Dictionary<string, string> { ["grant_type"] = "client_credentials" });

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal("invalid_client", error.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Refresh_RotatedTokenUsedAgain_IsInvalidGrantAndRevokesTheFamily()
    {
        var (code, request) = await FreshCodeAsync();
        using var client = new OidcClient(server);
        var (_, tokens) = await client.RedeemAsync(code, request);
        var first = tokens.GetProperty("refresh_token").GetString()!;
        var (_, rotated) = await client.RefreshAsync(first);

        var (reuseStatus, reuse) = await client.RefreshAsync(first);
        var (newestStatus, _) = await client.RefreshAsync(rotated.GetProperty("refresh_token").GetString()!);

        Assert.Equal(HttpStatusCode.BadRequest, reuseStatus);
        Assert.Equal("invalid_grant", reuse.GetProperty("error").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, newestStatus);
    }

    [Fact]
    public async Task Token_UnsupportedGrantType_IsUnsupportedGrantType()
    {
        using var client = new OidcClient(server);

        var (_, error) = await client.PostAsync("/connect/token", new Dictionary<string, string> { ["grant_type"] = "password", ["username"] = "x", ["password"] = "y" });

        Assert.Equal("unsupported_grant_type", error.GetProperty("error").GetString());
    }

    [Fact]
    public async Task IdToken_TamperedPayload_FailsSignatureCheckAgainstJwks()
    {
        var (code, request) = await FreshCodeAsync();
        using var client = new OidcClient(server);
        var (_, tokens) = await client.RedeemAsync(code, request);
        var parts = tokens.GetProperty("id_token").GetString()!.Split('.');
        var payload = JsonSerializer.Deserialize<Dictionary<string, object>>(System.Buffers.Text.Base64Url.DecodeFromChars(parts[1]))!;
        payload["acr"] = "eidas3";
        var forged = parts[0] + "." + System.Buffers.Text.Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(payload)) + "." + parts[2];

        var validated = await client.ValidateAsync(forged);

        Assert.False(validated.IsValid);
    }

    private async Task<(string Code, AuthorizationRequest Request)> FreshCodeAsync()
    {
        var citizen = await server.NewCitizenAsync();
        var (code, request, browser) = await Login.CodeAsync(server, citizen.Number);
        browser.Dispose();
        return (code, request);
    }

    private async Task<BrowserStop> OpenAsync(string url)
    {
        using var browser = new Browser(server.Issuer);
        return await browser.OpenAsync(url);
    }
}
