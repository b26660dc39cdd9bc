using Hawiya.SampleProvider.BackchannelLogout;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Hawiya.SampleProvider.Tests.Support;

/// <summary>Signed JWTs as the fake provider would issue them, with every claim under the test's control.</summary>
public static class TestTokens
{
    public const string ClientId = "demo-sp";

    private static readonly JsonWebTokenHandler Handler = new() { SetDefaultTimesOnTokenCreation = false };

    public static long Now => DateTimeOffset.UtcNow.ToUnixTimeSeconds();

    /// <summary>A valid logout token (Back-Channel Logout 1.0 §2.4) for <paramref name="sid"/> and <paramref name="sub"/>.</summary>
    public static Dictionary<string, object> LogoutClaims(FakeProvider provider, string? sid, string? sub)
    {
        var claims = new Dictionary<string, object>
        {
            ["iss"] = provider.Issuer,
            ["aud"] = ClientId,
            ["iat"] = Now,
            ["exp"] = Now + 120,
            ["jti"] = Guid.NewGuid().ToString("N"),
            ["events"] = new Dictionary<string, object> { [LogoutTokenValidator.BackchannelLogoutEvent] = new Dictionary<string, object>() },
        };
        if (sid is not null)
        {
            claims["sid"] = sid;
        }

        if (sub is not null)
        {
            claims["sub"] = sub;
        }

        return claims;
    }

    /// <summary>An ID token (OIDC Core §2) with the claims the account page shows.</summary>
    public static Dictionary<string, object> IdTokenClaims(FakeProvider provider, string sub, string sid) => new()
    {
        ["iss"] = provider.Issuer,
        ["aud"] = ClientId,
        ["sub"] = sub,
        ["sid"] = sid,
        ["iat"] = Now,
        ["exp"] = Now + 300,
        ["auth_time"] = Now - 10,
        ["acr"] = "eidas2",
        ["amr"] = new[] { "pwd", "sms" },
        ["nonce"] = "n-0S6_WzA2Mj",
    };

    public static string Sign(Dictionary<string, object> claims, SigningCredentials? credentials, string? type = "logout+jwt") =>
        Handler.CreateToken(new SecurityTokenDescriptor { Claims = claims, SigningCredentials = credentials, TokenType = type });

    /// <summary>Same kid as the provider's key, different key: the signature cannot verify.</summary>
    public static SigningCredentials ImpostorCredentials() =>
        new(new ECDsaSecurityKey(System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256))
        {
            KeyId = FakeProvider.KeyId,
        }, SecurityAlgorithms.EcdsaSha256);
}
