using System.Security.Cryptography.X509Certificates;
using Hawiya.Pki.Hierarchy;
using Hawiya.Pki.Tests.Support;
using Microsoft.Extensions.Time.Testing;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.X509;
using X509Certificate = Org.BouncyCastle.X509.X509Certificate;

namespace Hawiya.Pki.Tests.Hierarchy;

public sealed class CertificateChainValidatorTests(PkiFixture fixture) : IClassFixture<PkiFixture>
{
    [Fact]
    public void Validate_CardCertificate_ChainsThroughTheCardCaToTheRoot()
    {
        var card = new X509Certificate(fixture.NewCard().Certificate);
        var validator = new CertificateChainValidator(fixture.Hierarchy.Root.Certificate, fixture.Time);

        var path = validator.Validate(card, [fixture.Hierarchy.ReaderCa.Certificate, fixture.Hierarchy.CardCa.Certificate], KeyPurposeID.id_kp_clientAuth);

        Assert.Equal([card, fixture.Hierarchy.CardCa.Certificate, fixture.Hierarchy.Root.Certificate], path);
    }

    [Fact]
    public void Build_CardCertificate_DotNetChainWithCustomRootTrustAccepts()
    {
        using var card = X509CertificateLoader.LoadCertificate(fixture.NewCard().Certificate);
        using var root = X509CertificateLoader.LoadCertificate(fixture.Hierarchy.Root.CertificateDer);
        using var cardCa = X509CertificateLoader.LoadCertificate(fixture.Hierarchy.CardCa.CertificateDer);
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(root);
        chain.ChainPolicy.ExtraStore.Add(cardCa);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;

        Assert.True(chain.Build(card), string.Join("; ", chain.ChainStatus.Select(s => s.StatusInformation)));
        Assert.Equal(3, chain.ChainElements.Count);
    }

    [Fact]
    public void Validate_CertificateFromAnotherHierarchy_Throws()
    {
        using var other = PkiHierarchy.Create(new PkiHierarchyOptions(), fixture.Time);
        var validator = new CertificateChainValidator(fixture.Hierarchy.Root.Certificate, fixture.Time);

        Assert.Throws<CertificateValidationException>(() => validator.Validate(other.CardCa.Certificate));
    }

    [Fact]
    public void Validate_AfterTheCardExpires_Throws()
    {
        var time = new FakeTimeProvider(fixture.Time.GetUtcNow());
        var card = new X509Certificate(fixture.NewCard().Certificate);
        var validator = new CertificateChainValidator(fixture.Hierarchy.Root.Certificate, time);
        time.Advance(TimeSpan.FromDays(3653));

        var error = Assert.Throws<CertificateValidationException>(() => validator.Validate(card, [fixture.Hierarchy.CardCa.Certificate]));

        Assert.Contains("not valid at", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_MissingExtendedKeyUsage_Throws()
    {
        var validator = new CertificateChainValidator(fixture.Hierarchy.Root.Certificate, fixture.Time);

        Assert.Throws<CertificateValidationException>(() =>
            validator.Validate(fixture.Hierarchy.OcspSigner.Certificate, [fixture.Hierarchy.CardCa.Certificate], HawiyaOids.DocumentSigning));
    }

    [Fact]
    public void Validate_IssuerThatIsNotACa_Throws()
    {
        // The OCSP signer is an end entity: a certificate "issued" by it must not validate.
        var validator = new CertificateChainValidator(fixture.Hierarchy.Root.Certificate, fixture.Time);
        var forged = ForgeUnder(fixture.Hierarchy.OcspSigner);

        Assert.Throws<CertificateValidationException>(() =>
            validator.Validate(forged, [fixture.Hierarchy.OcspSigner.Certificate, fixture.Hierarchy.CardCa.Certificate]));
    }

    private X509Certificate ForgeUnder(PkiAuthority endEntity)
    {
        var template = new Hawiya.Pki.Readers.ReaderCredentialIssuer(fixture.Hierarchy, fixture.Time).IssueWithNewKey("probe").Certificate;
        var generator = new X509V3CertificateGenerator();
        generator.SetSerialNumber(template.SerialNumber);
        generator.SetIssuerDN(endEntity.Subject);
        generator.SetSubjectDN(template.SubjectDN);
        generator.SetNotBefore(template.NotBefore);
        generator.SetNotAfter(template.NotAfter);
        generator.SetPublicKey(template.GetPublicKey());
        return generator.Generate(endEntity.Signer);
    }
}
