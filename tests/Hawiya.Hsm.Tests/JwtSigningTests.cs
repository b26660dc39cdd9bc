using System.Security.Claims;
using Hawiya.Hsm.Tests.Support;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Hawiya.Hsm.Tests;

/// <summary>Microsoft.IdentityModel (which OpenIddict signs with) signs through the token's keys.</summary>
public sealed class JwtSigningTests : IDisposable
{
    private readonly string _namespace = TestToken.NewNamespace();
    private readonly HsmToken _token;

    public JwtSigningTests() => _token = HsmToken.Open(TestToken.Settings(_namespace));

    [Theory]
    [InlineData(SecurityAlgorithms.EcdsaSha256)]
    [InlineData(SecurityAlgorithms.RsaSha256)]
    public async Task CreateToken_WithAnHsmKey_ValidatesWithThePublicKeyOnly(string algorithm)
    {
        SecurityKey signing;
        SecurityKey verifying;
        if (algorithm == SecurityAlgorithms.EcdsaSha256)
        {
            var ec = _token.GenerateEcP256(_namespace + "/jwt").AsECDsa();
            signing = new ECDsaSecurityKey(ec) { KeyId = "hsm-es256" };
            verifying = new ECDsaSecurityKey(System.Security.Cryptography.ECDsa.Create(ec.ExportParameters(false))) { KeyId = "hsm-es256" };
        }
        else
        {
            var rsa = _token.GenerateRsa(_namespace + "/jwt").AsRsa();
            signing = new RsaSecurityKey(rsa) { KeyId = "hsm-rs256" };
            verifying = new RsaSecurityKey(rsa.ExportParameters(false)) { KeyId = "hsm-rs256" };
        }

        var handler = new JsonWebTokenHandler();
        var jwt = handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = "https://id.example.ma/",
            Audience = "urn:test",
            Subject = new ClaimsIdentity([new Claim("sub", "abc")]),
            SigningCredentials = new SigningCredentials(signing, algorithm),
        });

        var result = await handler.ValidateTokenAsync(jwt, new TokenValidationParameters
        {
            ValidIssuer = "https://id.example.ma/",
            ValidAudience = "urn:test",
            IssuerSigningKey = verifying,
        });
        Assert.True(result.IsValid, result.Exception?.Message);
        Assert.Equal(algorithm, new JsonWebToken(jwt).Alg);
    }

    public void Dispose()
    {
        foreach (var key in _token.FindKeys(_namespace + "/"))
        {
            _token.Destroy(key);
        }

        _token.Dispose();
    }
}
