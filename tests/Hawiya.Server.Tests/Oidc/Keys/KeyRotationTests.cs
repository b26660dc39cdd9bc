using System.Security.Cryptography;
using Hawiya.Hsm;
using Hawiya.Server.Oidc.Keys;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Hawiya.Server.Tests.Oidc.Keys;

/// <summary>
/// A server whose ES256 key is about to be replaced: the old key signs, the new one, in the HSM
/// beside it, is published and starts signing in an hour.
/// </summary>
public sealed class RotationServer : OidcServer
{
    public const string OldKeyId = "es256-old";
    public const string NewKeyId = "es256-new";

    public static readonly TimeSpan NewKeyActiveIn = TimeSpan.FromHours(1);

    public DateTimeOffset Started { get; } = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds());

    protected override IEnumerable<(string KeyId, HsmKeyType Type, DateTimeOffset ActiveFrom)> SigningKeys(DateTimeOffset now) =>
    [
        (OldKeyId, HsmKeyType.EcP256, Started.AddDays(-1)),
        ("rs256-rotation", HsmKeyType.Rsa, Started.AddDays(-1)),
        (NewKeyId, HsmKeyType.EcP256, Started + NewKeyActiveIn),
    ];
}

[CollectionDefinition(Name)]
public sealed class RotationCollection : ICollectionFixture<RotationServer>
{
    public const string Name = "rotation";
}

/// <summary>Signing keys in the HSM and their rotation, through the real server on PostgreSQL.</summary>
[Collection(RotationCollection.Name)]
public sealed class KeyRotationTests(RotationServer server)
{
    [Fact]
    public async Task Rotation_NewKeyPublishedBeforeItSigns_OldKeyPublishedUntilItsTokensExpire()
    {
        Assert.True(server.Time.GetUtcNow() < server.Started + RotationServer.NewKeyActiveIn);
        var before = await JwksAsync();
        var signedBefore = await AccessTokenAsync();

        // The new key is in the JWKS an hour before it signs; the old one signs.
        Assert.Contains(before.Keys, k => k.Kid == RotationServer.NewKeyId);
        Assert.Equal(RotationServer.OldKeyId, signedBefore.Kid);
        Assert.True(await VerifiesAsync(signedBefore, before));

        server.Time.SetUtcNow(server.Started + RotationServer.NewKeyActiveIn + TimeSpan.FromMinutes(1));
        var during = await JwksAsync();
        var signedAfter = await AccessTokenAsync();

        // The new key signs; the old one is still published for the tokens it signed an hour ago.
        Assert.Equal(RotationServer.NewKeyId, signedAfter.Kid);
        Assert.True(await VerifiesAsync(signedAfter, during));
        Assert.True(await VerifiesAsync(signedBefore, during));

        // Access and ID tokens live five minutes, relying parties allow five more of skew.
        server.Time.SetUtcNow(server.Started + RotationServer.NewKeyActiveIn + TimeSpan.FromMinutes(10) + TimeSpan.FromSeconds(1));
        var after = await JwksAsync();

        Assert.DoesNotContain(after.Keys, k => k.Kid == RotationServer.OldKeyId);
        Assert.Contains(after.Keys, k => k.Kid == RotationServer.NewKeyId);
        Assert.Contains(after.Keys, k => k.Kty == "RSA");
    }

    [Fact]
    public async Task SigningKeys_AsTheServerHoldsThem_SignInTheTokenAndCannotBeExported()
    {
        var ring = server.Services.GetRequiredService<OidcKeyRing>();
        var token = server.Services.GetRequiredService<HsmToken>();

        foreach (var key in ring.SigningKeys.Select(k => k.Key))
        {
            AsymmetricAlgorithm algorithm = key switch
            {
                ECDsaSecurityKey ec => Assert.IsType<HsmECDsa>(ec.ECDsa),
                RsaSecurityKey rsa => Assert.IsType<HsmRsa>(rsa.Rsa),
                _ => throw new InvalidOperationException($"unexpected key type {key.GetType()}"),
            };
            Assert.Throws<CryptographicException>(() => algorithm.ExportPkcs8PrivateKey());
            var label = algorithm is HsmECDsa e ? e.Label : ((HsmRsa)algorithm).Label;
            var protection = token.Protection(token.FindKey(label)!);
            Assert.True(protection.Sensitive && protection.NeverExtractable && !protection.Extractable);
        }

        // The token OpenIddict issues verifies with the public key the JWKS gives: the HSM signed it.
        var issued = await AccessTokenAsync();
        Assert.True(await VerifiesAsync(issued, await JwksAsync()));
    }

    private async Task<JsonWebKeySet> JwksAsync()
    {
        using var http = new HttpClient { BaseAddress = server.Issuer };
        return new JsonWebKeySet(await http.GetStringAsync("/.well-known/jwks"));
    }

    private async Task<JsonWebToken> AccessTokenAsync()
    {
        using var client = new OidcClient(server);
        var (_, tokens) = await client.PostAsync("/connect/token", new Dictionary<string, string> { ["grant_type"] = "client_credentials" });
        return new JsonWebToken(tokens.GetProperty("access_token").GetString()!);
    }

    /// <summary>The signature alone, with the JWKS key named by the token's kid (lifetimes are another test's business).</summary>
    private static async Task<bool> VerifiesAsync(JsonWebToken token, JsonWebKeySet jwks)
    {
        var result = await new JsonWebTokenHandler().ValidateTokenAsync(token.EncodedToken, new TokenValidationParameters
        {
            IssuerSigningKeys = jwks.GetSigningKeys().Where(k => k.KeyId == token.Kid),
            ValidateIssuer = false,
            ValidateAudience = false,
            ValidateLifetime = false,
        });
        return result.IsValid;
    }
}
