using System.Numerics;
using System.Security.Cryptography;
using Hawiya.Pki.Crl;
using Hawiya.Pki.Keys;
using Hawiya.Pki.Revocation;
using Hawiya.Pki.Tests.Support;
using Microsoft.Extensions.Time.Testing;
using Org.BouncyCastle.X509;

namespace Hawiya.Pki.Tests.Crl;

public sealed class CrlBuilderTests(PkiFixture fixture) : IClassFixture<PkiFixture>
{
    [Fact]
    public async Task BuildFull_RevokedCards_OpenSslVerifiesTheSignatureAndFields()
    {
        using var directory = new TempDirectory();
        var revoked = Serial(fixture.NewCard().Certificate);
        var crl = directory.Write("full.der", Builder().BuildFull(
            [new RevokedCertificate(revoked, fixture.Time.GetUtcNow().AddHours(-1), RevocationReason.KeyCompromise)], crlNumber: 7));

        var verify = await OpenSsl.RunAsync("crl", "-in", crl, "-inform", "DER", "-CAfile", Chain(directory), "-noout");
        var text = await OpenSsl.RunAsync("crl", "-in", crl, "-inform", "DER", "-noout", "-text");

        Assert.True(verify.ExitCode == 0, verify.Output);
        Assert.Contains("verify OK", verify.Output, StringComparison.Ordinal);
        Assert.Contains("Version 2 (0x1)", text.StandardOutput, StringComparison.Ordinal);
        Assert.Matches(@"X509v3 CRL Number:\s*\n\s*7\b", text.StandardOutput);
        Assert.Matches(@"X509v3 Authority Key Identifier:\s*\n\s*" + Colons(fixture.Hierarchy.CardCa.KeyIdentifier), text.StandardOutput);
        Assert.Contains("Next Update:", text.StandardOutput, StringComparison.Ordinal);
        // OpenSSL prints the serial's content octets, two hex digits each.
        Assert.Contains("Serial Number: " + Convert.ToHexString(revoked.ToByteArray(isUnsigned: true, isBigEndian: true)), text.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("Key Compromise", text.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("Delta CRL Indicator", text.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BuildDelta_Changes_OpenSslSeesACriticalDeltaCrlIndicator()
    {
        using var directory = new TempDirectory();
        var now = fixture.Time.GetUtcNow();
        var crl = directory.Write("delta.der", Builder().BuildDelta(
            [
                new RevokedCertificate(Serial(fixture.NewCard().Certificate), now, RevocationReason.Superseded),
                new RevokedCertificate(Serial(fixture.NewCard().Certificate), now, RevocationReason.RemoveFromCrl),
            ],
            crlNumber: 12,
            baseCrlNumber: 10));

        var verify = await OpenSsl.RunAsync("crl", "-in", crl, "-inform", "DER", "-CAfile", Chain(directory), "-noout");
        var text = await OpenSsl.RunAsync("crl", "-in", crl, "-inform", "DER", "-noout", "-text");

        Assert.True(verify.ExitCode == 0, verify.Output);
        Assert.Contains("verify OK", verify.Output, StringComparison.Ordinal);
        Assert.Matches(@"X509v3 Delta CRL Indicator: critical\s*\n\s*10\b", text.StandardOutput);
        Assert.Matches(@"X509v3 CRL Number:\s*\n\s*12\b", text.StandardOutput);
        Assert.Contains("X509v3 Authority Key Identifier", text.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("Superseded", text.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("Remove From CRL", text.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenSslVerifyCrlCheck_RevokedCardRejectedAndGoodCardAccepted()
    {
        using var directory = new TempDirectory();
        var revokedCard = fixture.NewCard();
        var goodCard = fixture.NewCard();
        var crl = directory.Write("full.pem", Pem(Builder().BuildFull(
            [new RevokedCertificate(Serial(revokedCard.Certificate), fixture.Time.GetUtcNow(), RevocationReason.KeyCompromise)], crlNumber: 3)));
        var chain = Chain(directory);

        var revoked = await OpenSsl.RunAsync("verify", "-crl_check", "-CAfile", chain, "-CRLfile", crl, directory.WriteCertificate("revoked.pem", revokedCard.Certificate));
        var good = await OpenSsl.RunAsync("verify", "-crl_check", "-CAfile", chain, "-CRLfile", crl, directory.WriteCertificate("good.pem", goodCard.Certificate));

        Assert.NotEqual(0, revoked.ExitCode);
        Assert.Contains("certificate revoked", revoked.Output, StringComparison.Ordinal);
        Assert.True(good.ExitCode == 0, good.Output);
        Assert.Contains("good.pem: OK", good.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenSslVerifyUseDeltas_CardRevokedOnlyInTheDelta_IsRejected()
    {
        using var directory = new TempDirectory();
        var card = fixture.NewCard();
        var builder = Builder(new CrlBuilderOptions { DeltaCrlUrl = "http://pki.example/card-ca-delta.crl" });
        var full = directory.Write("full.pem", Pem(builder.BuildFull([], crlNumber: 20)));
        var delta = directory.Write("delta.pem", Pem(builder.BuildDelta(
            [new RevokedCertificate(Serial(card.Certificate), fixture.Time.GetUtcNow(), RevocationReason.CessationOfOperation)],
            crlNumber: 21,
            baseCrlNumber: 20)));
        var certificate = directory.WriteCertificate("card.pem", card.Certificate);
        var chain = Chain(directory);

        var withDeltas = await OpenSsl.RunAsync("verify", "-crl_check", "-use_deltas", "-CAfile", chain, "-CRLfile", full, "-CRLfile", delta, certificate);
        var fullOnly = await OpenSsl.RunAsync("verify", "-crl_check", "-CAfile", chain, "-CRLfile", full, certificate);

        Assert.NotEqual(0, withDeltas.ExitCode);
        Assert.Contains("certificate revoked", withDeltas.Output, StringComparison.Ordinal);
        Assert.True(fullOnly.ExitCode == 0, fullOnly.Output);
    }

    [Fact]
    public void BuildFullAndDelta_UpdateTimes_FollowTheTimeProvider()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2031, 5, 6, 7, 8, 9, 500, TimeSpan.Zero));
        var builder = new CrlBuilder(fixture.Hierarchy.CardCa, time,
            new CrlBuilderOptions { FullCrlValidity = TimeSpan.FromHours(24), DeltaCrlValidity = TimeSpan.FromHours(2) });

        var full = new X509Crl(builder.BuildFull([], 1));
        time.Advance(TimeSpan.FromMinutes(10));
        var delta = new X509Crl(builder.BuildDelta([], 2, 1));

        Assert.Equal(new DateTime(2031, 5, 6, 7, 8, 9, DateTimeKind.Utc), full.ThisUpdate.ToUniversalTime());
        Assert.Equal(new DateTime(2031, 5, 7, 7, 8, 9, DateTimeKind.Utc), full.NextUpdate!.Value.ToUniversalTime());
        Assert.Equal(new DateTime(2031, 5, 6, 7, 18, 9, DateTimeKind.Utc), delta.ThisUpdate.ToUniversalTime());
        Assert.Equal(new DateTime(2031, 5, 6, 9, 18, 9, DateTimeKind.Utc), delta.NextUpdate!.Value.ToUniversalTime());
        Assert.Equal(2, full.Version);
    }

    [Fact]
    public void BuildDelta_BaseNumberNotBelowTheDeltaNumber_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Builder().BuildDelta([], crlNumber: 5, baseCrlNumber: 5));
    }

    [Fact]
    public void BuildFull_RemoveFromCrlEntry_Throws()
    {
        var entry = new RevokedCertificate(BigInteger.One, fixture.Time.GetUtcNow(), RevocationReason.RemoveFromCrl);

        Assert.Throws<ArgumentException>(() => Builder().BuildFull([entry], 1));
    }

    [Fact]
    public void BuildFull_DuplicateSerial_Throws()
    {
        var entry = new RevokedCertificate(new BigInteger(42), fixture.Time.GetUtcNow(), RevocationReason.KeyCompromise);

        Assert.Throws<ArgumentException>(() => Builder().BuildFull([entry, entry with { Reason = RevocationReason.Superseded }], 1));
    }

    [Fact]
    public void BuildFull_CrlNumberLongerThanTwentyOctets_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Builder().BuildFull([], BigInteger.Pow(2, 160)));
    }

    [Fact]
    public void Constructor_IssuerWithoutCrlSign_Throws()
    {
        Assert.Throws<ArgumentException>(() => new CrlBuilder(fixture.Hierarchy.DocumentSigner, fixture.Time));
    }

    [Fact]
    public void BuildFull_UnspecifiedReason_OmitsTheReasonCode()
    {
        var crl = new X509Crl(Builder().BuildFull(
            [new RevokedCertificate(new BigInteger(99), fixture.Time.GetUtcNow(), RevocationReason.Unspecified)], 1));

        var entry = Assert.Single(crl.GetRevokedCertificates());
        Assert.Null(entry.GetExtensionValue(Org.BouncyCastle.Asn1.X509.X509Extensions.ReasonCode));
    }

    private CrlBuilder Builder(CrlBuilderOptions? options = null) => new(fixture.Hierarchy.CardCa, fixture.Time, options);

    private string Chain(TempDirectory directory) => directory.Write("chain.pem", fixture.Hierarchy.CardChainPem);

    private static BigInteger Serial(byte[] certificate) => KeyConversions.ToNet(new X509Certificate(certificate).SerialNumber);

    private static string Pem(byte[] crl) => PemEncoding.WriteString("X509 CRL", crl) + "\n";

    private static string Colons(byte[] bytes) => string.Join(":", bytes.Select(b => b.ToString("X2", null)));
}
