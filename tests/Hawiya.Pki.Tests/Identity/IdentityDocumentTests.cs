using System.Security.Cryptography;
using Hawiya.Pki.Hierarchy;
using Hawiya.Pki.Identity;
using Hawiya.Pki.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace Hawiya.Pki.Tests.Identity;

public sealed class IdentityDocumentTests(PkiFixture fixture) : IClassFixture<PkiFixture>
{
    [Fact]
    public void Verify_SignedByTheDocumentSigner_ReturnsTheSameIdentity()
    {
        var document = SampleDocument();
        var signed = new IdentityDocumentSigner(fixture.Hierarchy.DocumentSigner).Sign(document);

        var verified = Verifier().Verify(signed);

        Assert.Equal(document.CardNumber, verified.CardNumber);
        Assert.Equal(document.NationalNumber, verified.NationalNumber);
        Assert.Equal(document.Holder.GivenNames, verified.Holder.GivenNames);
        Assert.Equal(document.Holder with { GivenNames = verified.Holder.GivenNames }, verified.Holder);
        Assert.Equal(document.PhotoSha256, verified.PhotoSha256);
        Assert.Equal(document.CardKeySha256, verified.CardKeySha256);
        Assert.Equal(document.ValidFrom, verified.ValidFrom);
        Assert.Equal(document.ValidUntil, verified.ValidUntil);
    }

    [Fact]
    public void Verify_TamperedIdentity_Throws()
    {
        var signed = new IdentityDocumentSigner(fixture.Hierarchy.DocumentSigner).Sign(SampleDocument());
        // Change one letter of the family name inside the encapsulated content.
        var index = IndexOf(signed, "El Idrissi"u8.ToArray());
        signed[index] = (byte)'A';

        var error = Assert.Throws<IdentityDocumentVerificationException>(() => Verifier().Verify(signed));

        Assert.Contains("signature", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_TamperedSignature_Throws()
    {
        var signed = new IdentityDocumentSigner(fixture.Hierarchy.DocumentSigner).Sign(SampleDocument());
        signed[^3] ^= 0x01;

        Assert.Throws<IdentityDocumentVerificationException>(() => Verifier().Verify(signed));
    }

    [Fact]
    public void Verify_SignedByAnotherHierarchy_ThrowsUntrustedSigner()
    {
        using var other = PkiHierarchy.Create(new PkiHierarchyOptions(), fixture.Time);
        var signed = new IdentityDocumentSigner(other.DocumentSigner).Sign(SampleDocument());

        var error = Assert.Throws<IdentityDocumentVerificationException>(() => Verifier().Verify(signed));

        Assert.Contains("not trusted", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_ExpiredCard_Throws()
    {
        var signed = new IdentityDocumentSigner(fixture.Hierarchy.DocumentSigner).Sign(SampleDocument());
        var later = new FakeTimeProvider(fixture.Time.GetUtcNow() + TimeSpan.FromDays(3660));

        Assert.Throws<IdentityDocumentVerificationException>(() =>
            new IdentityDocumentVerifier(fixture.Hierarchy.Root.Certificate, later).Verify(signed));
    }

    [Fact]
    public void Verify_NotCms_Throws()
    {
        Assert.Throws<IdentityDocumentVerificationException>(() => Verifier().Verify([0x30, 0x03, 0x02, 0x01, 0x01]));
    }

    [Fact]
    public void Constructor_SignerIsNotTheDocumentSigner_Throws()
    {
        Assert.Throws<ArgumentException>(() => new IdentityDocumentSigner(fixture.Hierarchy.CardCa));
    }

    [Fact]
    public async Task Sign_OpenSslCmsVerify_AcceptsTheSignatureAndExtractsTheContent()
    {
        using var directory = new TempDirectory();
        var document = SampleDocument();
        var signed = directory.Write("identity.der", new IdentityDocumentSigner(fixture.Hierarchy.DocumentSigner).Sign(document));
        var root = directory.Write("root.pem", fixture.Hierarchy.Root.CertificatePem);
        var content = directory.File("content.der");

        var result = await OpenSsl.RunAsync("cms", "-verify", "-inform", "DER", "-in", signed, "-CAfile", root, "-purpose", "any", "-binary", "-out", content);

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Contains("Verification successful", result.Output, StringComparison.Ordinal);
        Assert.Equal(IdentityDocumentEncoding.Encode(document), await File.ReadAllBytesAsync(content));
    }

    [Fact]
    public void Encode_DecomposedUnicode_IsNormalisedToNfc()
    {
        var decomposed = SampleDocument() with { Holder = PkiFixture.SampleHolder() with { BirthPlace = "Fe\u0300s" } };

        var decoded = IdentityDocumentEncoding.Decode(IdentityDocumentEncoding.Encode(decomposed));

        Assert.Equal("F\u00e8s", decoded.Holder.BirthPlace);
    }

    [Fact]
    public void Decode_TrailingBytes_ThrowsFormatException()
    {
        var encoded = IdentityDocumentEncoding.Encode(SampleDocument());

        Assert.Throws<IdentityDocumentFormatException>(() => IdentityDocumentEncoding.Decode([.. encoded, 0x00]));
    }

    [Theory]
    [InlineData("ab123456")]
    [InlineData("AB-123")]
    [InlineData("A1")]
    public void Encode_InvalidCardNumber_ThrowsArgumentException(string cardNumber)
    {
        Assert.Throws<ArgumentException>(() => IdentityDocumentEncoding.Encode(SampleDocument() with { CardNumber = cardNumber }));
    }

    [Fact]
    public void Encode_ControlCharacterInName_ThrowsArgumentException()
    {
        var document = SampleDocument() with { Holder = PkiFixture.SampleHolder() with { FamilyName = "El\nIdrissi" } };

        Assert.Throws<ArgumentException>(() => IdentityDocumentEncoding.Encode(document));
    }

    [Fact]
    public void MatchesPhoto_SamePhoto_IsTrueOtherwiseFalse()
    {
        var photo = RandomNumberGenerator.GetBytes(100);
        var document = SampleDocument() with { PhotoSha256 = SHA256.HashData(photo) };

        Assert.True(document.MatchesPhoto(photo));
        Assert.False(document.MatchesPhoto(photo.AsSpan(1)));
    }

    private IdentityDocumentVerifier Verifier() => new(fixture.Hierarchy.Root.Certificate, fixture.Time);

    private IdentityDocument SampleDocument()
    {
        var now = fixture.Time.GetUtcNow();
        var from = new DateTimeOffset(now.UtcTicks - (now.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
        return new IdentityDocument(
            "AB123456",
            "J123456",
            PkiFixture.SampleHolder(),
            RandomNumberGenerator.GetBytes(32),
            RandomNumberGenerator.GetBytes(32),
            from,
            from.AddYears(10));
    }

    private static int IndexOf(byte[] haystack, byte[] needle)
    {
        var index = haystack.AsSpan().IndexOf(needle);
        Assert.True(index >= 0);
        return index;
    }
}
