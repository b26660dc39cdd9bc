using System.Numerics;
using Hawiya.LoadTests.Checks;
using Hawiya.Pki.Cards;
using Hawiya.Pki.Hierarchy;
using Hawiya.Pki.Ocsp;
using Hawiya.Pki.Revocation;
using Microsoft.Extensions.Time.Testing;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Ocsp;
using CertificateStatus = Hawiya.Pki.Revocation.CertificateStatus;
using Org.BouncyCastle.X509;

namespace Hawiya.LoadTests.Tests.Checks;

/// <summary>The OCSP answer checks against the platform's own responder, in memory: no network.</summary>
public sealed class OcspChecksTests : IDisposable
{
    private const int KeyCompromise = 1;

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 23, 6, 0, 0, TimeSpan.Zero));
    private readonly PkiHierarchy _pki;
    private readonly X509Certificate _card;
    private readonly OcspChecks _checks;
    private CertificateStatus _status = CertificateStatus.Good;

    public OcspChecksTests()
    {
        _pki = PkiHierarchy.Create(new PkiHierarchyOptions { Development = true }, _time);
        using var key = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
        _card = new CardCertificateIssuer(_pki.CardCa, _time).Issue("LTC0000001", key.ExportSubjectPublicKeyInfo(), _time.GetUtcNow().AddYears(5));
        _checks = new OcspChecks(_pki.CardCa.Certificate, _time);
    }

    public void Dispose() => _pki.Dispose();

    [Fact]
    public async Task Check_GoodAnsweredGood_Passes()
    {
        _checks.Check(await RespondAsync(nonce: null), Expect(revoked: false));
    }

    [Fact]
    public async Task Check_RevokedAnsweredRevokedWithItsReason_Passes()
    {
        _status = CertificateStatus.Revoked(_time.GetUtcNow().AddMinutes(-1), RevocationReason.KeyCompromise);

        _checks.Check(await RespondAsync(nonce: null), Expect(revoked: true));
    }

    [Fact]
    public async Task Check_RevokedAnsweredGood_IsAWrongAnswer()
    {
        var response = await RespondAsync(nonce: null);

        AssertWrong(() => _checks.Check(response, Expect(revoked: true)), "revoked certificate answered good");
    }

    [Fact]
    public async Task Check_GoodAnsweredRevoked_IsAWrongAnswer()
    {
        _status = CertificateStatus.Revoked(_time.GetUtcNow().AddMinutes(-1), RevocationReason.KeyCompromise);
        var response = await RespondAsync(nonce: null);

        AssertWrong(() => _checks.Check(response, Expect(revoked: false)), "good certificate answered revoked");
    }

    [Fact]
    public async Task Check_RevokedWithAnotherReason_IsAWrongAnswer()
    {
        _status = CertificateStatus.Revoked(_time.GetUtcNow().AddMinutes(-1), RevocationReason.Superseded);
        var response = await RespondAsync(nonce: null);

        AssertWrong(() => _checks.Check(response, Expect(revoked: true)), "another reason");
    }

    [Fact]
    public async Task Check_UnknownStatus_IsAWrongAnswer()
    {
        _status = CertificateStatus.Unknown;
        var response = await RespondAsync(nonce: null);

        AssertWrong(() => _checks.Check(response, Expect(revoked: false)), "answered unknown");
    }

    [Fact]
    public async Task Check_TamperedSignature_IsAWrongAnswer()
    {
        var response = Tamper(await RespondAsync(nonce: null));

        AssertWrong(() => _checks.Check(response, Expect(revoked: false)), "signature invalid");
    }

    [Fact]
    public async Task Check_SignerNotIssuedByTheTrustedCardCa_IsAWrongAnswer()
    {
        using var other = PkiHierarchy.Create(new PkiHierarchyOptions { Development = true }, _time);
        var response = await RespondAsync(nonce: null);

        // A relying party trusting another card CA: the signature is sound, the delegation is not.
        AssertWrong(() => new OcspChecks(other.CardCa.Certificate, _time).Check(response, Expect(revoked: false)), "not issued by the card CA");
    }

    [Fact]
    public async Task Check_NonceSentButNotEchoed_IsAWrongAnswer()
    {
        // The responder saw no nonce (a cached answer replayed, say); the client had sent one.
        var response = await RespondAsync(nonce: null);

        AssertWrong(() => _checks.Check(response, Expect(revoked: false) with { Nonce = [1, 2, 3, 4, 5, 6, 7, 8] }), "nonce not echoed");
    }

    [Fact]
    public async Task Check_NonceEchoed_PassesAndAnotherNonceIsAWrongAnswer()
    {
        byte[] nonce = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16];
        var response = await RespondAsync(nonce);

        _checks.Check(response, Expect(revoked: false) with { Nonce = nonce });
        AssertWrong(() => _checks.Check(response, Expect(revoked: false) with { Nonce = [9, 9, 9, 9, 9, 9, 9, 9] }), "nonce echo differs");
    }

    [Fact]
    public async Task Check_AnswerAboutAnotherCertificate_IsAWrongAnswer()
    {
        var response = await RespondAsync(nonce: null);
        var expectation = Expect(revoked: false) with { CertId = _checks.CertId(_card.SerialNumber.Add(Org.BouncyCastle.Math.BigInteger.One)) };

        AssertWrong(() => _checks.Check(response, expectation), "another certificate");
    }

    [Fact]
    public async Task Check_StaleAnswer_IsAWrongAnswer()
    {
        var response = await RespondAsync(nonce: null);
        _time.Advance(TimeSpan.FromHours(2));

        AssertWrong(() => _checks.Check(response, Expect(revoked: false)), "not current");
    }

    [Fact]
    public async Task Check_VerifiedBytesAgainstAnotherExpectation_AreCheckedAgain()
    {
        var response = await RespondAsync(nonce: null);
        _checks.Check(response, Expect(revoked: false));

        // The same bytes: the signature is not verified again, everything the expectation and the clock decide is.
        AssertWrong(() => _checks.Check(response, Expect(revoked: true)), "revoked certificate answered good");
        AssertWrong(() => _checks.Check(response, Expect(revoked: false) with { CertId = _checks.CertId(_card.SerialNumber.Add(Org.BouncyCastle.Math.BigInteger.One)) }), "another certificate");
        AssertWrong(() => _checks.Check(response, Expect(revoked: false) with { Nonce = [1, 2, 3, 4, 5, 6, 7, 8] }), "nonce not echoed");
        _time.Advance(TimeSpan.FromHours(2));
        AssertWrong(() => _checks.Check(response, Expect(revoked: false)), "not current");
    }

    [Fact]
    public async Task Check_TamperedCopyOfAVerifiedAnswer_IsAWrongAnswer()
    {
        var response = await RespondAsync(nonce: null);
        _checks.Check(response, Expect(revoked: false));

        AssertWrong(() => _checks.Check(Tamper(response), Expect(revoked: false)), "signature invalid");
    }

    [Fact]
    public async Task Check_AnswerSignedByTheCardCaItself_Passes()
    {
        var responder = new OcspResponder(_pki.CardCa.Certificate, _pki.CardCa, (_, _) => ValueTask.FromResult(_status), _time);
        var result = await responder.RespondAsync(OcspChecks.BuildRequest(_checks.CertId(_card.SerialNumber), nonce: null));

        _checks.Check(result.Response, Expect(revoked: false));
    }

    [Fact]
    public void Check_TryLater_IsAFailureButNotAWrongAnswer()
    {
        var failure = Assert.Throws<LoadFailure>(() => _checks.Check(OcspResponder.ErrorResponse(OcspResponseStatusCode.TryLater), Expect(revoked: false)));

        Assert.False(failure.WrongAnswer);
    }

    [Theory]
    [InlineData(OcspResponseStatusCode.MalformedRequest)]
    [InlineData(OcspResponseStatusCode.Unauthorized)]
    public void Check_RefusalOfAWellFormedRequest_IsAWrongAnswer(OcspResponseStatusCode status)
    {
        AssertWrong(() => _checks.Check(OcspResponder.ErrorResponse(status), Expect(revoked: false)), "status");
    }

    [Fact]
    public void Check_NotOcsp_IsAWrongAnswer()
    {
        AssertWrong(() => _checks.Check([0x30, 0x03, 0x02, 0x01, 0x00], Expect(revoked: false)), "not DER");
    }

    private OcspExpectation Expect(bool revoked) =>
        new(_checks.CertId(_card.SerialNumber), revoked, revoked ? KeyCompromise : null, Nonce: null);

    private async Task<byte[]> RespondAsync(byte[]? nonce)
    {
        var responder = new OcspResponder(_pki.CardCa.Certificate, _pki.OcspSigner, (_, _) => ValueTask.FromResult(_status), _time);
        var result = await responder.RespondAsync(OcspChecks.BuildRequest(_checks.CertId(_card.SerialNumber), nonce));
        return result.Response;
    }

    private static byte[] Tamper(byte[] response)
    {
        var outer = OcspResponse.GetInstance(Asn1Object.FromByteArray(response));
        var basic = BasicOcspResponse.GetInstance(Asn1Object.FromByteArray(outer.ResponseBytes.Response.GetOctets()));
        var signature = basic.Signature.GetOctets();
        signature[^1] ^= 0x01;
        var tampered = new BasicOcspResponse(basic.TbsResponseData, basic.SignatureAlgorithm, new DerBitString(signature), basic.Certs);
        return new OcspResponse(outer.ResponseStatus, new ResponseBytes(outer.ResponseBytes.ResponseType, new DerOctetString(tampered.GetDerEncoded()))).GetDerEncoded();
    }

    private static void AssertWrong(Action check, string because)
    {
        var failure = Assert.Throws<LoadFailure>(check);
        Assert.True(failure.WrongAnswer);
        Assert.Contains(because, failure.Kind, StringComparison.Ordinal);
    }
}
