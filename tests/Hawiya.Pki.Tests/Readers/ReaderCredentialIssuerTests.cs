using System.Security.Cryptography;
using Hawiya.Pki.Readers;
using Hawiya.Pki.Tests.Support;
using Org.BouncyCastle.Asn1.X509;

namespace Hawiya.Pki.Tests.Readers;

public sealed class ReaderCredentialIssuerTests(PkiFixture fixture) : IClassFixture<PkiFixture>
{
    [Fact]
    public async Task IssueWithNewKey_ValidName_IsAClientCertificateOpenSslVerifies()
    {
        using var directory = new TempDirectory();
        var credential = new ReaderCredentialIssuer(fixture.Hierarchy, fixture.Time).IssueWithNewKey("rabat-counter-01");
        var chain = directory.Write("chain.pem", credential.ChainPem);
        var certificate = directory.Write("reader.pem", credential.CertificatePem);

        var result = await OpenSsl.RunAsync("verify", "-CAfile", chain, "-purpose", "sslclient", certificate);

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Contains("OK", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains(KeyPurposeID.id_kp_clientAuth, credential.Certificate.GetExtendedKeyUsage());
        Assert.Equal(fixture.Hierarchy.ReaderCa.Subject, credential.Certificate.IssuerDN);
        using var key = ECDsa.Create();
        key.ImportPkcs8PrivateKey(credential.PrivateKeyPkcs8, out _);
        Assert.Equal(credential.Certificate.CertificateStructure.SubjectPublicKeyInfo.GetDerEncoded(), key.ExportSubjectPublicKeyInfo());
    }

    [Fact]
    public void Issue_ReaderGeneratedKey_CertifiesThatKeyWithoutHoldingIt()
    {
        using var readerKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        var credential = new ReaderCredentialIssuer(fixture.Hierarchy, fixture.Time).Issue("kit-7", readerKey.ExportSubjectPublicKeyInfo());

        Assert.Null(credential.PrivateKeyPkcs8);
        Assert.Equal(readerKey.ExportSubjectPublicKeyInfo(), credential.Certificate.CertificateStructure.SubjectPublicKeyInfo.GetDerEncoded());
    }

    [Theory]
    [InlineData("")]
    [InlineData("reader one")]
    [InlineData("CN=evil,O=x")]
    public void Issue_InvalidName_ThrowsArgumentException(string name)
    {
        Assert.Throws<ArgumentException>(() => new ReaderCredentialIssuer(fixture.Hierarchy, fixture.Time).IssueWithNewKey(name));
    }

    [Fact]
    public void Issue_RsaKey_ThrowsArgumentException()
    {
        using var rsa = RSA.Create(2048);

        Assert.Throws<ArgumentException>(() => new ReaderCredentialIssuer(fixture.Hierarchy, fixture.Time).Issue("kit-8", rsa.ExportSubjectPublicKeyInfo()));
    }
}
