using System.Text;
using System.Text.Json.Nodes;
using Hawiya.Server.Oidc.Keys;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Hawiya.Server.Tests.Oidc;

/// <summary>Access tokens right in every respect but one, signed with the server's own keys.</summary>
public static class AccessTokenForgery
{
    /// <summary>The same token, signed again with the key that signed it, with another <c>aud</c> (or none).</summary>
    public static string Resign(OidcServer server, string token, string? audience)
    {
        var jwt = new JsonWebToken(token);
        var payload = JsonNode.Parse(Encoding.UTF8.GetString(Base64UrlEncoder.DecodeBytes(jwt.EncodedPayload)))!.AsObject();
        payload.Remove("aud");
        if (audience is not null)
        {
            payload["aud"] = audience;
        }

        var key = server.Services.GetRequiredService<OidcKeyRing>().SigningKeys.Single(k => k.Key.KeyId == jwt.Kid).Key;
        return new JsonWebTokenHandler().CreateToken(
            payload.ToJsonString(),
            new SigningCredentials(key, jwt.Alg),
            new Dictionary<string, object> { [JwtHeaderParameterNames.Typ] = jwt.Typ });
    }
}
