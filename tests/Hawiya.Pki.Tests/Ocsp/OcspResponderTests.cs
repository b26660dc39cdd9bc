using System.Collections.Concurrent;
using System.Numerics;
using System.Security.Cryptography;
using Hawiya.Pki.Hierarchy;
using Hawiya.Pki.Keys;
using Hawiya.Pki.Ocsp;
using Hawiya.Pki.Revocation;
using Hawiya.Pki.Tests.Support;
using Microsoft.Extensions.Time.Testing;
using Org.BouncyCastle.Ocsp;
using Org.BouncyCastle.X509;
using CertificateStatus = Hawiya.Pki.Revocation.CertificateStatus;

namespace Hawiya.Pki.Tests.Ocsp;

/// <summary>The responder through its API: statuses, nonces, the cache and its invalidation.</summary>
public sealed class OcspResponderTests(PkiFixture fixture) : IClassFixture<PkiFixture>
{
    private readonly ConcurrentDictionary<BigInteger, CertificateStatus> _statuses = new();
    private int _lookups;

    [Fact]
    public async Task RespondAsync_GoodRevokedAndUnknown_AnswersEachCertificate()
    {
        var good = Issue(CertificateStatus.Good);
        var revokedAt = fixture.Time.GetUtcNow().AddDays(-1);
        var revoked = Issue(CertificateStatus.Revoked(revokedAt, RevocationReason.KeyCompromise));
        var unknown = Serial(fixture.NewCard().Certificate);

        var result = await Responder().RespondAsync(OcspRequests.Build(fixture.Hierarchy.CardCa.Certificate, [good, revoked, unknown]));

        var basic = OcspRequests.Basic(result.Response);
        Assert.True(basic.Verify(fixture.Hierarchy.OcspSigner.Certificate.GetPublicKey()));
        Assert.Equal(fixture.Hierarchy.OcspSigner.Certificate, Assert.Single(basic.GetCerts()));
        var responses = basic.Responses;
        Assert.Equal(3, responses.Length);
        Assert.Null(responses[0].GetCertStatus());
        var revokedStatus = Assert.IsType<RevokedStatus>(responses[1].GetCertStatus());
        Assert.Equal((int)RevocationReason.KeyCompromise, revokedStatus.RevocationReason);
        Assert.Equal(PkiTimeSeconds(revokedAt), revokedStatus.RevocationTime.ToUniversalTime());
        Assert.IsType<UnknownStatus>(responses[2].GetCertStatus());
        Assert.All(responses, r => Assert.Equal(r.ThisUpdate.AddHours(1), r.NextUpdate!.Value));
    }

    [Fact]
    public async Task RespondAsync_RepeatedRequestWithoutNonce_ServesThePreSignedBytes()
    {
        var serial = Issue(CertificateStatus.Good);
        var responder = Responder();
        var request = OcspRequests.Build(fixture.Hierarchy.CardCa.Certificate, [serial]);

        var first = await responder.RespondAsync(request);
        var second = await responder.RespondAsync(request);

        Assert.False(first.FromCache);
        Assert.True(second.FromCache);
        Assert.Equal(first.Response, second.Response);
        Assert.Equal(1, _lookups);
        Assert.True(second.IsHttpCacheable);
    }

    [Fact]
    public async Task RespondAsync_StatusChangedAndInvalidated_RefreshesTheCachedAnswer()
    {
        var serial = Issue(CertificateStatus.Good);
        var responder = Responder();
        var request = OcspRequests.Build(fixture.Hierarchy.CardCa.Certificate, [serial]);
        await responder.RespondAsync(request);

        _statuses[serial] = CertificateStatus.Revoked(fixture.Time.GetUtcNow(), RevocationReason.CessationOfOperation);
        var beforeInvalidation = await responder.RespondAsync(request);
        responder.Invalidate(serial);
        var afterInvalidation = await responder.RespondAsync(request);
        var cachedAgain = await responder.RespondAsync(request);

        Assert.True(beforeInvalidation.FromCache);
        Assert.False(afterInvalidation.FromCache);
        Assert.IsType<RevokedStatus>(OcspRequests.Basic(afterInvalidation.Response).Responses[0].GetCertStatus());
        Assert.True(cachedAgain.FromCache);
        Assert.Equal(afterInvalidation.Response, cachedAgain.Response);
    }

    [Fact]
    public async Task RespondAsync_StatusChangesDuringTheLookup_StaleAnswerIsNotServedFromCache()
    {
        var serial = Issue(CertificateStatus.Good);
        OcspResponder? responder = null;
        var raced = false;
        responder = new OcspResponder(fixture.Hierarchy.CardCa.Certificate, fixture.Hierarchy.OcspSigner, (s, _) =>
        {
            var status = _statuses[s];
            if (!raced)
            {
                // A revocation lands after this lookup read "good" but before its answer is cached.
                raced = true;
                _statuses[s] = CertificateStatus.Revoked(fixture.Time.GetUtcNow(), RevocationReason.KeyCompromise);
                responder!.Invalidate(s);
            }

            return ValueTask.FromResult(status);
        }, fixture.Time);
        var request = OcspRequests.Build(fixture.Hierarchy.CardCa.Certificate, [serial]);

        await responder.RespondAsync(request);
        var next = await responder.RespondAsync(request);

        Assert.False(next.FromCache);
        Assert.IsType<RevokedStatus>(OcspRequests.Basic(next.Response).Responses[0].GetCertStatus());
    }

    [Fact]
    public async Task RespondAsync_CachedAnswerPastItsRefreshAge_IsSignedAgain()
    {
        var serial = Issue(CertificateStatus.Good);
        var time = new FakeTimeProvider(fixture.Time.GetUtcNow());
        var responder = Responder(time);
        var request = OcspRequests.Build(fixture.Hierarchy.CardCa.Certificate, [serial]);
        var first = await responder.RespondAsync(request);

        time.Advance(TimeSpan.FromMinutes(29));
        var stillCached = await responder.RespondAsync(request);
        time.Advance(TimeSpan.FromMinutes(2));
        var refreshed = await responder.RespondAsync(request);

        Assert.True(stillCached.FromCache);
        Assert.False(refreshed.FromCache);
        Assert.Equal(first.ProducedAt!.Value.AddMinutes(31), refreshed.ProducedAt);
        Assert.Equal(OcspRequests.Basic(first.Response).Responses[0].ThisUpdate.AddMinutes(31),
            OcspRequests.Basic(refreshed.Response).Responses[0].ThisUpdate);
    }

    [Fact]
    public async Task RespondAsync_WithNonce_EchoesItAndSignsEachResponseAfresh()
    {
        var serial = Issue(CertificateStatus.Good);
        var responder = Responder();
        var firstNonce = RandomNumberGenerator.GetBytes(16);
        var secondNonce = RandomNumberGenerator.GetBytes(32);

        var first = await responder.RespondAsync(OcspRequests.Build(fixture.Hierarchy.CardCa.Certificate, [serial], firstNonce));
        var second = await responder.RespondAsync(OcspRequests.Build(fixture.Hierarchy.CardCa.Certificate, [serial], secondNonce));

        Assert.True(first.HasNonce);
        Assert.False(second.FromCache);
        Assert.False(second.IsHttpCacheable);
        Assert.Equal(firstNonce, OcspRequests.Nonce(OcspRequests.Basic(first.Response)));
        Assert.Equal(secondNonce, OcspRequests.Nonce(OcspRequests.Basic(second.Response)));
        Assert.True(OcspRequests.Basic(second.Response).Verify(fixture.Hierarchy.OcspSigner.Certificate.GetPublicKey()));
        // The single response was cached by the first request: the second needed a signature, not a lookup.
        Assert.Equal(1, _lookups);
    }

    [Fact]
    public async Task RespondAsync_NonceLongerThan32Octets_AnswersWithoutNonce()
    {
        var serial = Issue(CertificateStatus.Good);

        var result = await Responder().RespondAsync(OcspRequests.Build(fixture.Hierarchy.CardCa.Certificate, [serial], RandomNumberGenerator.GetBytes(33)));

        Assert.False(result.HasNonce);
        Assert.Null(OcspRequests.Nonce(OcspRequests.Basic(result.Response)));
    }

    [Fact]
    public async Task RespondAsync_Sha256CertId_IsRecognisedAndEchoed()
    {
        var serial = Issue(CertificateStatus.Good);

        var result = await Responder().RespondAsync(OcspRequests.Build(fixture.Hierarchy.CardCa.Certificate, [serial], hash: "2.16.840.1.101.3.4.2.1"));

        var single = Assert.Single(OcspRequests.Basic(result.Response).Responses);
        Assert.Null(single.GetCertStatus());
        Assert.Equal("2.16.840.1.101.3.4.2.1", single.GetCertID().HashAlgOid);
    }

    [Fact]
    public async Task RespondAsync_OnlyCertificatesOfAnotherIssuer_AnswersUnauthorizedUnsigned()
    {
        using var other = PkiHierarchy.Create(new PkiHierarchyOptions(), fixture.Time);

        var result = await Responder().RespondAsync(OcspRequests.Build(other.CardCa.Certificate, [BigInteger.One]));

        Assert.Equal(OcspResponseStatusCode.Unauthorized, result.Status);
        Assert.Equal(new byte[] { 0x30, 0x03, 0x0A, 0x01, 0x06 }, result.Response);
        Assert.Equal(0, _lookups);
    }

    [Fact]
    public async Task RespondAsync_MixedIssuers_AnswersUnknownForTheForeignCertificate()
    {
        using var other = PkiHierarchy.Create(new PkiHierarchyOptions(), fixture.Time);
        var ours = Issue(CertificateStatus.Good);
        var request = new OcspReq(OcspRequests.Build(fixture.Hierarchy.CardCa.Certificate, [ours]));
        var foreign = new OcspReq(OcspRequests.Build(other.CardCa.Certificate, [BigInteger.One]));
        var generator = new OcspReqGenerator();
        generator.AddRequest(request.GetRequestList()[0].GetCertID());
        generator.AddRequest(foreign.GetRequestList()[0].GetCertID());

        var result = await Responder().RespondAsync(generator.Generate().GetEncoded());

        var responses = OcspRequests.Basic(result.Response).Responses;
        Assert.Null(responses[0].GetCertStatus());
        Assert.IsType<UnknownStatus>(responses[1].GetCertStatus());
        Assert.Equal(1, _lookups);
    }

    [Theory]
    [InlineData(new byte[0])]
    [InlineData(new byte[] { 0x30, 0x03, 0x02, 0x01 })]
    [InlineData(new byte[] { 0x04, 0x02, 0x00, 0x00 })]
    public async Task RespondAsync_MalformedRequest_ReturnsMalformedRequestStatus(byte[] request)
    {
        var result = await Responder().RespondAsync(request);

        Assert.Equal(OcspResponseStatusCode.MalformedRequest, result.Status);
        Assert.Equal(new byte[] { 0x30, 0x03, 0x0A, 0x01, 0x01 }, result.Response);
    }

    [Fact]
    public async Task RespondAsync_TooManyCertificates_ReturnsMalformedRequestStatus()
    {
        var serials = Enumerable.Range(1, 33).Select(i => new BigInteger(i));

        var result = await Responder().RespondAsync(OcspRequests.Build(fixture.Hierarchy.CardCa.Certificate, serials));

        Assert.Equal(OcspResponseStatusCode.MalformedRequest, result.Status);
    }

    [Fact]
    public async Task RespondAsync_CacheCapacityZero_AnswersWithoutCaching()
    {
        var serial = Issue(CertificateStatus.Good);
        var responder = Responder(options: new OcspResponderOptions { MaxCachedCertificates = 0 });
        var request = OcspRequests.Build(fixture.Hierarchy.CardCa.Certificate, [serial]);

        await responder.RespondAsync(request);
        var second = await responder.RespondAsync(request);

        Assert.False(second.FromCache);
        Assert.Equal(0, responder.CachedCertificates);
        Assert.Equal(2, _lookups);
    }

    [Fact]
    public async Task RespondAsync_CacheFull_StartsOverAndKeepsAnswering()
    {
        var serials = Enumerable.Range(0, 3).Select(_ => Issue(CertificateStatus.Good)).ToArray();
        var responder = Responder(options: new OcspResponderOptions { MaxCachedCertificates = 2 });

        foreach (var serial in serials)
        {
            await responder.RespondAsync(OcspRequests.Build(fixture.Hierarchy.CardCa.Certificate, [serial]));
        }

        Assert.Equal(1, responder.CachedCertificates);
        var last = await responder.RespondAsync(OcspRequests.Build(fixture.Hierarchy.CardCa.Certificate, [serials[2]]));
        Assert.True(last.FromCache);
    }

    [Fact]
    public async Task RespondAsync_SameBytesAfterTheCacheStartedOver_AreLookedUpAgain()
    {
        var first = Issue(CertificateStatus.Good);
        var second = Issue(CertificateStatus.Good);
        var responder = Responder(options: new OcspResponderOptions { MaxCachedCertificates = 1 });
        var request = OcspRequests.Build(fixture.Hierarchy.CardCa.Certificate, [first]);
        await responder.RespondAsync(request);
        await responder.RespondAsync(request);

        // The second certificate fills the cache, which starts over; the first one's slot is gone
        // when its revocation is reported, so only a fresh lookup can see it.
        await responder.RespondAsync(OcspRequests.Build(fixture.Hierarchy.CardCa.Certificate, [second]));
        _statuses[first] = CertificateStatus.Revoked(fixture.Time.GetUtcNow(), RevocationReason.KeyCompromise);
        responder.Invalidate(first);
        var again = await responder.RespondAsync(request);

        Assert.False(again.FromCache);
        Assert.IsType<RevokedStatus>(OcspRequests.Basic(again.Response).Responses[0].GetCertStatus());
    }

    [Fact]
    public async Task RespondAsync_TwoEncodingsOfOneCertificateInvalidated_BothAnswerTheNewStatus()
    {
        var serial = Issue(CertificateStatus.Good);
        var responder = Responder();
        var sha1 = OcspRequests.Build(fixture.Hierarchy.CardCa.Certificate, [serial]);
        var sha256 = OcspRequests.Build(fixture.Hierarchy.CardCa.Certificate, [serial], hash: "2.16.840.1.101.3.4.2.1");
        foreach (var request in new[] { sha1, sha256, sha1, sha256 })
        {
            await responder.RespondAsync(request);
        }

        _statuses[serial] = CertificateStatus.Revoked(fixture.Time.GetUtcNow(), RevocationReason.KeyCompromise);
        responder.Invalidate(serial);
        var afterSha1 = await responder.RespondAsync(sha1);
        var afterSha256 = await responder.RespondAsync(sha256);

        Assert.IsType<RevokedStatus>(OcspRequests.Basic(afterSha1.Response).Responses[0].GetCertStatus());
        Assert.IsType<RevokedStatus>(OcspRequests.Basic(afterSha256.Response).Responses[0].GetCertStatus());
        Assert.Equal("2.16.840.1.101.3.4.2.1", OcspRequests.Basic(afterSha256.Response).Responses[0].GetCertID().HashAlgOid);
    }

    [Fact]
    public async Task EntityTag_PreSignedAnswer_IsTheQuotedSha256OfItsBytes()
    {
        var serial = Issue(CertificateStatus.Good);
        var responder = Responder();
        var request = OcspRequests.Build(fixture.Hierarchy.CardCa.Certificate, [serial]);
        await responder.RespondAsync(request);

        var cached = await responder.RespondAsync(request);

        Assert.Equal($"\"{Convert.ToHexStringLower(SHA256.HashData(cached.Response))}\"", OcspHttp.EntityTag(cached));
        Assert.Same(OcspHttp.EntityTag(cached), OcspHttp.EntityTag(await responder.RespondAsync(request)));
    }

    [Fact]
    public void Constructor_SignerNotDelegatedByTheIssuer_Throws()
    {
        Assert.Throws<ArgumentException>(() =>
            new OcspResponder(fixture.Hierarchy.ReaderCa.Certificate, fixture.Hierarchy.OcspSigner, Lookup, fixture.Time));
        Assert.Throws<ArgumentException>(() =>
            new OcspResponder(fixture.Hierarchy.Root.Certificate, fixture.Hierarchy.DocumentSigner, Lookup, fixture.Time));
    }

    [Fact]
    public void TryDecodeGetRequest_EncodedRequest_RoundTrips()
    {
        var request = OcspRequests.Build(fixture.Hierarchy.CardCa.Certificate, [new BigInteger(12345)]);

        Assert.True(OcspHttp.TryDecodeGetRequest("/" + OcspHttp.EncodeGetRequest(request), out var decoded));
        Assert.Equal(request, decoded);
        Assert.False(OcspHttp.TryDecodeGetRequest("not base64!", out _));
    }

    [Fact]
    public void TryDecodeGetRequest_EscapedUnescapedOrSpaced_DecodesTheSameRequest()
    {
        // Bytes whose base64 holds '+', '/' and '=' padding.
        byte[] request = [0x30, 0x0b, 0xfb, 0xff, 0xbf, 0x3e, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07];
        var base64 = Convert.ToBase64String(request);
        Assert.Contains("+", base64, StringComparison.Ordinal);
        Assert.Contains("/", base64, StringComparison.Ordinal);
        var escaped = OcspHttp.EncodeGetRequest(request);

        var lowerEscapes = escaped.Replace("%2B", "%2b", StringComparison.Ordinal).Replace("%2F", "%2f", StringComparison.Ordinal).Replace("%3D", "%3d", StringComparison.Ordinal);

        foreach (var encoded in new[] { escaped, lowerEscapes, base64, base64.Replace('+', ' '), "//" + base64 })
        {
            var buffer = new byte[encoded.Length];
            Assert.True(OcspHttp.TryDecodeGetRequest(encoded.AsSpan(), buffer, out var written), encoded);
            Assert.Equal(request, buffer[..written]);
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("/")]
    [InlineData("%ZZAAAA")]
    [InlineData("%C3%A9AAA")]
    [InlineData("AA%3")]
    public void TryDecodeGetRequest_NotAnEncodedRequest_IsRefused(string encoded)
    {
        Assert.False(OcspHttp.TryDecodeGetRequest(encoded.AsSpan(), new byte[64], out _));
        Assert.False(OcspHttp.TryDecodeGetRequest(encoded, out _));
    }

    private OcspResponder Responder(TimeProvider? time = null, OcspResponderOptions? options = null) =>
        new(fixture.Hierarchy.CardCa.Certificate, fixture.Hierarchy.OcspSigner, Lookup, time ?? fixture.Time, options);

    private ValueTask<CertificateStatus> Lookup(BigInteger serial, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _lookups);
        return ValueTask.FromResult(_statuses.TryGetValue(serial, out var status) ? status : CertificateStatus.Unknown);
    }

    private BigInteger Issue(CertificateStatus status)
    {
        var serial = Serial(fixture.NewCard().Certificate);
        _statuses[serial] = status;
        return serial;
    }

    private static BigInteger Serial(byte[] certificate) => KeyConversions.ToNet(new X509Certificate(certificate).SerialNumber);

    private static DateTime PkiTimeSeconds(DateTimeOffset time) =>
        new(time.UtcTicks - (time.UtcTicks % TimeSpan.TicksPerSecond), DateTimeKind.Utc);
}
