using System.Security.Cryptography;
using System.Text;
using Hawiya.Hsm.Tests.Support;

namespace Hawiya.Hsm.Tests;

public sealed class HsmTokenTests : IDisposable
{
    private readonly string _namespace = TestToken.NewNamespace();
    private readonly HsmToken _token;

    public HsmTokenTests() => _token = HsmToken.Open(TestToken.Settings(_namespace));

    [Fact]
    public void GenerateEcP256_TheKeyInTheToken_IsSensitiveAndNeverExtractable()
    {
        var key = _token.GenerateEcP256(_namespace + "/ec");

        var protection = _token.Protection(key);

        Assert.True(protection.Sensitive);
        Assert.False(protection.Extractable);
        Assert.True(protection.AlwaysSensitive);
        Assert.True(protection.NeverExtractable);
    }

    [Fact]
    public void EcSignData_ByTheToken_VerifiesWithThePublicKeyAlone()
    {
        using var key = _token.GenerateEcP256(_namespace + "/ec").AsECDsa();
        var data = Encoding.UTF8.GetBytes("header.payload");

        var signature = key.SignData(data, HashAlgorithmName.SHA256);

        using var verifier = ECDsa.Create(key.ExportParameters(includePrivateParameters: false));
        Assert.Equal(64, signature.Length);
        Assert.True(verifier.VerifyData(data, signature, HashAlgorithmName.SHA256));
        Assert.False(verifier.VerifyData((byte[])[.. data, 0], signature, HashAlgorithmName.SHA256));
    }

    [Fact]
    public void EcSignData_DerFormat_IsConvertedFromTheTokensRAndS()
    {
        using var key = _token.GenerateEcP256(_namespace + "/ec").AsECDsa();
        var data = Encoding.UTF8.GetBytes("a receipt");

        var signature = key.SignData(data, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);

        using var verifier = ECDsa.Create(key.ExportParameters(includePrivateParameters: false));
        Assert.True(verifier.VerifyData(data, signature, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));
    }

    [Fact]
    public void EcPrivateKey_AnyExport_Throws()
    {
        using var key = _token.GenerateEcP256(_namespace + "/ec").AsECDsa();

        Assert.Throws<CryptographicException>(() => key.ExportParameters(includePrivateParameters: true));
        Assert.Throws<CryptographicException>(() => key.ExportPkcs8PrivateKey());
        Assert.Throws<CryptographicException>(() => key.ExportECPrivateKey());
        Assert.ThrowsAny<Exception>(() => key.ExportPkcs8PrivateKeyPem());
    }

    [Fact]
    public void RsaSignData_Rs256ByTheToken_VerifiesWithThePublicKeyAlone()
    {
        using var key = _token.GenerateRsa(_namespace + "/rsa").AsRsa();
        var data = Encoding.UTF8.GetBytes("header.payload");

        var signature = key.SignData(data, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);

        using var verifier = RSA.Create(key.ExportParameters(includePrivateParameters: false));
        Assert.Equal(2048, key.KeySize);
        Assert.True(verifier.VerifyData(data, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
        Assert.Throws<CryptographicException>(() => key.ExportParameters(includePrivateParameters: true));
        Assert.Throws<CryptographicException>(() => key.SignData(data, HashAlgorithmName.SHA256, RSASignaturePadding.Pss));
    }

    [Fact]
    public void FindKeys_ByPrefix_FindsThisNamespaceOnlyWithTheSamePublicKey()
    {
        var generated = _token.GenerateEcP256(_namespace + "/oidc/a");
        _token.GenerateRsa(_namespace + "/oidc/b");
        var elsewhere = TestToken.NewNamespace();
        using var other = HsmToken.Open(TestToken.Settings(elsewhere));
        var foreign = other.GenerateEcP256(elsewhere + "/oidc/c");

        var found = _token.FindKeys(_namespace + "/oidc/");

        Assert.Equal([_namespace + "/oidc/a", _namespace + "/oidc/b"], found.Select(k => k.Label));
        Assert.Equal([HsmKeyType.EcP256, HsmKeyType.Rsa], found.Select(k => k.Type));
        Assert.Equal(generated.EcPublicKey!.Value.Q.X, found[0].EcPublicKey!.Value.Q.X);
        other.Destroy(foreign);
    }

    [Fact]
    public void Sign_MoreThreadsThanSessions_EverySignatureVerifies()
    {
        var settings = TestToken.Settings(_namespace);
        settings.Sessions = 2;
        using var token = HsmToken.Open(settings);
        using var key = token.GenerateEcP256(_namespace + "/pooled").AsECDsa();
        using var verifier = ECDsa.Create(key.ExportParameters(false));

        var results = new bool[64];
        Parallel.For(0, results.Length, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
        {
            var data = BitConverter.GetBytes(i);
            results[i] = verifier.VerifyData(data, key.SignData(data, HashAlgorithmName.SHA256), HashAlgorithmName.SHA256);
        });

        Assert.All(results, Assert.True);
    }

    [Fact]
    public void Destroy_AKey_IsNoLongerFound()
    {
        var key = _token.GenerateEcP256(_namespace + "/gone");

        _token.Destroy(key);

        Assert.Null(_token.FindKey(_namespace + "/gone"));
    }

    [Fact]
    public void Open_UnknownTokenLabel_ThrowsNamingIt()
    {
        var settings = TestToken.Settings(_namespace);
        settings.TokenLabel = "no-such-token";

        var error = Assert.Throws<HsmException>(() => HsmToken.Open(settings));

        Assert.Contains("no-such-token", error.Message, StringComparison.Ordinal);
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
