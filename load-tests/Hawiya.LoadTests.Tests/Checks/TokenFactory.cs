using System.Security.Cryptography;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Hawiya.LoadTests.Tests.Checks;

/// <summary>Signs ES256 tokens the way the platform does, with keys made for the test.</summary>
internal sealed class TokenFactory : IDisposable
{
    public const string Issuer = "http://127.0.0.1:5080/";
    private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public TokenFactory(string? keyId = null)
    {
        KeyId = keyId ?? Guid.NewGuid().ToString("N");
        // IdentityModel caches signers and verifiers by key id; tests make several keys under one id.
        SecurityKey = new ECDsaSecurityKey(_key) { KeyId = KeyId, CryptoProviderFactory = Uncached() };
    }

    public string KeyId { get; }

    public ECDsaSecurityKey SecurityKey { get; }

    /// <summary>The public half, as a JWKS would publish it (RFC 7518 §6.2.1).</summary>
    public JsonWebKey PublicJwk()
    {
        var point = _key.ExportParameters(includePrivateParameters: false).Q;
        return new JsonWebKey
        {
            Kty = "EC",
            Crv = "P-256",
            X = Base64UrlEncoder.Encode(point.X),
            Y = Base64UrlEncoder.Encode(point.Y),
            Kid = KeyId,
            Alg = SecurityAlgorithms.EcdsaSha256,
            Use = "sig",
            CryptoProviderFactory = Uncached(),
        };
    }

    public string Sign(DateTimeOffset now, Dictionary<string, object> claims, string audience = "lt-sp-0", string issuer = Issuer, TimeSpan? lifetime = null) =>
        new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = (now + (lifetime ?? TimeSpan.FromMinutes(5))).UtcDateTime,
            Claims = claims,
            SigningCredentials = new SigningCredentials(SecurityKey, SecurityAlgorithms.EcdsaSha256),
        });

    public void Dispose() => _key.Dispose();

    private static CryptoProviderFactory Uncached() => new() { CacheSignatureProviders = false };
}
