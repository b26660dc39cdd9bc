using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Hawiya.Server.Tests.Oidc;

/// <summary>The back channel of a confidential client: token, userinfo, introspection, revocation.</summary>
public sealed class OidcClient(OidcServer server, string clientId = OidcServer.ClientId, string secret = OidcServer.ClientSecret) : IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = server.Issuer };

    public async Task<(HttpStatusCode Status, JsonElement Body)> PostAsync(string path, IDictionary<string, string> form, bool authenticate = true)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new FormUrlEncodedContent(form) };
        if (authenticate)
        {
            // RFC 6749 §2.3.1: client_secret_basic, form-urlencoded id and secret.
            var pair = Uri.EscapeDataString(clientId) + ":" + Uri.EscapeDataString(secret);
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(pair)));
        }

        using var response = await _http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    public Task<(HttpStatusCode Status, JsonElement Body)> RedeemAsync(string code, AuthorizationRequest request, string? verifier = null, string? redirectUri = null) =>
        PostAsync("/connect/token", new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["code"] = code,
            ["redirect_uri"] = redirectUri ?? request.RedirectUri,
            ["code_verifier"] = verifier ?? request.Verifier,
        });

    public Task<(HttpStatusCode Status, JsonElement Body)> RefreshAsync(string refreshToken) =>
        PostAsync("/connect/token", new Dictionary<string, string> { ["grant_type"] = "refresh_token", ["refresh_token"] = refreshToken });

    public async Task<(HttpStatusCode Status, JsonElement Body)> UserInfoAsync(string accessToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/connect/userinfo");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        using var response = await _http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    /// <summary>Validates a JWT as a relying party would: signature against the published JWKS, issuer, audience, lifetime.</summary>
    public async Task<TokenValidationResult> ValidateAsync(string jwt, string? audience = null)
    {
        var jwks = new JsonWebKeySet(await _http.GetStringAsync("/.well-known/jwks"));
        return await new JsonWebTokenHandler().ValidateTokenAsync(jwt, new TokenValidationParameters
        {
            ValidIssuer = server.Issuer.ToString(),
            ValidAudience = audience ?? clientId,
            IssuerSigningKeys = jwks.GetSigningKeys(),
            ValidateAudience = audience is not "",
            // Server time is a test clock that can be moved; a token's lifetime is checked against it.
            LifetimeValidator = (notBefore, expires, _, _) => expires > server.Time.GetUtcNow().UtcDateTime,
        });
    }

    public void Dispose() => _http.Dispose();
}
