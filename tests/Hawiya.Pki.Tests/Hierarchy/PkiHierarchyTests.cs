using System.Security.Cryptography;
using Hawiya.Pki.Crl;
using Hawiya.Pki.Hierarchy;
using Hawiya.Pki.Tests.Support;
using Microsoft.Extensions.Time.Testing;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Asn1.X9;

namespace Hawiya.Pki.Tests.Hierarchy;

public sealed class PkiHierarchyTests(PkiFixture fixture) : IClassFixture<PkiFixture>
{
    private const string Passphrase = "correct horse battery staple";

    [Fact]
    public void Create_NewHierarchy_HasTheExpectedShape()
    {
        var h = fixture.Hierarchy;

        Assert.Equal(X9ObjectIdentifiers.ECDsaWithSha384.Id, h.Root.Certificate.SigAlgOid);
        Assert.Equal(X9ObjectIdentifiers.ECDsaWithSha384.Id, h.CardCa.Certificate.SigAlgOid);
        Assert.Equal(X9ObjectIdentifiers.ECDsaWithSha256.Id, h.OcspSigner.Certificate.SigAlgOid);
        Assert.Equal(h.Root.Subject, h.DocumentSigner.Certificate.IssuerDN);
        Assert.Equal(h.Root.Subject, h.CardCa.Certificate.IssuerDN);
        Assert.Equal(h.Root.Subject, h.ReaderCa.Certificate.IssuerDN);
        Assert.Equal(h.CardCa.Subject, h.OcspSigner.Certificate.IssuerDN);
        Assert.Contains(KeyPurposeID.id_kp_OCSPSigning, h.OcspSigner.Certificate.GetExtendedKeyUsage());
        Assert.Contains(HawiyaOids.DocumentSigning, h.DocumentSigner.Certificate.GetExtendedKeyUsage());
        Assert.Equal(0, h.CardCa.Certificate.GetBasicConstraints());
        Assert.Equal(-1, h.DocumentSigner.Certificate.GetBasicConstraints());
        Assert.False(h.IsDevelopment);
    }

    [Fact]
    public void SaveThenLoad_WithPassphrase_RoundTripsEveryCertificateAndKey()
    {
        using var directory = new TempDirectory();
        var target = directory.File("pki");

        fixture.Hierarchy.Save(target, Passphrase);
        using var loaded = PkiHierarchy.Load(target, Passphrase, production: true);

        foreach (var role in Enum.GetValues<PkiRole>())
        {
            Assert.Equal(fixture.Hierarchy[role].CertificateDer, loaded[role].CertificateDer);
            var keyText = File.ReadAllText(Path.Combine(target, KeyFileName(role)));
            Assert.StartsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----", keyText, StringComparison.Ordinal);
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(target, KeyFileName(role))));
            }
        }

        // The loaded key signs what the original certificate verifies.
        var crl = new Org.BouncyCastle.X509.X509Crl(new CrlBuilder(loaded.CardCa, fixture.Time).BuildFull([], 1));
        Assert.True(crl.IsSignatureValid(fixture.Hierarchy.CardCa.Certificate.GetPublicKey()));
    }

    [Fact]
    public async Task Save_KeyFiles_AreReadableByOpenSslWithThePassphrase()
    {
        using var directory = new TempDirectory();
        var target = directory.File("pki");
        fixture.Hierarchy.Save(target, Passphrase);
        var passFile = directory.Write("pass.txt", Passphrase + "\n");

        var result = await OpenSsl.RunAsync("pkey", "-in", Path.Combine(target, "root-ca.key.pem"), "-passin", "file:" + passFile, "-pubout");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(fixture.Hierarchy.Root.Certificate.CertificateStructure.SubjectPublicKeyInfo.GetDerEncoded(),
            PemToDer(result.StandardOutput));
    }

    [Fact]
    public void Load_WrongPassphrase_ThrowsPkiConfigurationException()
    {
        using var directory = new TempDirectory();
        var target = directory.File("pki");
        fixture.Hierarchy.Save(target, Passphrase);

        var error = Assert.Throws<PkiConfigurationException>(() => PkiHierarchy.Load(target, "not the passphrase", production: true));

        Assert.Contains("wrong passphrase", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_KeyFilesSwapped_ThrowsPkiConfigurationException()
    {
        using var directory = new TempDirectory();
        var target = directory.File("pki");
        fixture.Hierarchy.Save(target, Passphrase);
        var cardKey = Path.Combine(target, "card-ca.key.pem");
        var readerKey = Path.Combine(target, "reader-ca.key.pem");
        File.Move(cardKey, cardKey + ".tmp");
        File.Move(readerKey, cardKey);
        File.Move(cardKey + ".tmp", readerKey);

        var error = Assert.Throws<PkiConfigurationException>(() => PkiHierarchy.Load(target, Passphrase, production: true));

        Assert.Contains("does not match its certificate", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_MissingDirectory_ThrowsPkiConfigurationException()
    {
        var error = Assert.Throws<PkiConfigurationException>(() => PkiHierarchy.Load("/nonexistent/hawiya", Passphrase, production: true));

        Assert.Contains("does not exist", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Save_NonEmptyDirectory_ThrowsPkiConfigurationException()
    {
        using var directory = new TempDirectory();
        directory.Write("something.txt", "already here");

        Assert.Throws<PkiConfigurationException>(() => fixture.Hierarchy.Save(directory.Path, Passphrase));
    }

    [Fact]
    public void Save_ShortPassphrase_ThrowsPkiConfigurationException()
    {
        using var directory = new TempDirectory();

        Assert.Throws<PkiConfigurationException>(() => fixture.Hierarchy.Save(directory.File("pki"), "short"));
    }

    [Fact]
    public void Load_DevelopmentHierarchyInProduction_ThrowsPkiConfigurationException()
    {
        using var directory = new TempDirectory();
        var target = directory.File("pki");
        using (var development = PkiHierarchy.Create(new PkiHierarchyOptions { Development = true }, new FakeTimeProvider(DateTimeOffset.UtcNow)))
        {
            Assert.True(development.IsDevelopment);
            development.Save(target, Passphrase);
        }

        var error = Assert.Throws<PkiConfigurationException>(() => PkiHierarchy.Load(target, Passphrase, production: true));
        Assert.Contains("development hierarchy", error.Message, StringComparison.Ordinal);
        using var loaded = PkiHierarchy.Load(target, Passphrase, production: false);
        Assert.True(loaded.IsDevelopment);
    }

    private static string KeyFileName(PkiRole role) => role switch
    {
        PkiRole.Root => "root-ca.key.pem",
        PkiRole.DocumentSigner => "document-signer.key.pem",
        PkiRole.CardCa => "card-ca.key.pem",
        PkiRole.OcspSigner => "ocsp-signer.key.pem",
        _ => "reader-ca.key.pem",
    };

    private static byte[] PemToDer(string pem)
    {
        var fields = PemEncoding.Find(pem);
        return Convert.FromBase64String(pem[fields.Base64Data]);
    }
}
