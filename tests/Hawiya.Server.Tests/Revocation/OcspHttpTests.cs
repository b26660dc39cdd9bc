using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using Hawiya.Pki.Ocsp;
using Hawiya.Server.Revocation;
using Microsoft.Extensions.DependencyInjection;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Ocsp;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Ocsp;

namespace Hawiya.Server.Tests.Revocation;

/// <summary>
/// OCSP over HTTP as answered ahead of the rest of the pipeline: RFC 5019 caching headers on GET,
/// no caching on POST, malformed input answered with an OCSP status. Serials that are not on the
/// revocation list are answered "good", so no card needs registering.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class OcspHttpTests(ServerFactory server)
{
    [Fact]
    public async Task Ocsp_SameGetTwice_SameAnswerWithItsHttpValidators()
    {
        var client = server.CreateClient();
        var path = RevocationEndpoints.OcspPath + "/" + OcspHttp.EncodeGetRequest(Request(nonce: null));

        var first = await client.GetAsync(path);
        var second = await client.GetAsync(path);

        var body = await second.Content.ReadAsByteArrayAsync();
        Assert.Equal(await first.Content.ReadAsByteArrayAsync(), body);
        Assert.Equal(OcspHttp.ResponseMediaType, second.Content.Headers.ContentType?.MediaType);
        Assert.Null(Basic(body).Responses[0].GetCertStatus());
        // RFC 5019 §6.2: cacheable until nextUpdate, with a validator derived from the bytes.
        Assert.Equal($"\"{Convert.ToHexStringLower(SHA256.HashData(body))}\"", second.Headers.ETag?.Tag);
        Assert.True(second.Headers.CacheControl is { Public: true, NoTransform: true, MustRevalidate: true, MaxAge: { } maxAge } && maxAge > TimeSpan.Zero);
        Assert.Equal(Basic(body).Responses[0].NextUpdate!.Value.ToUniversalTime(), second.Content.Headers.Expires?.UtcDateTime);
        Assert.Equal(Basic(body).ProducedAt.ToUniversalTime(), second.Content.Headers.LastModified?.UtcDateTime);
    }

    [Fact]
    public async Task Ocsp_PostWithNonce_EchoesItAndIsNotStored()
    {
        var client = server.CreateClient();
        var nonce = RandomNumberGenerator.GetBytes(16);

        var response = await client.PostAsync(RevocationEndpoints.OcspPath, Content(Request(nonce)));

        var basic = Basic(await response.Content.ReadAsByteArrayAsync());
        var echoed = Asn1OctetString.GetInstance(Asn1Object.FromByteArray(basic.GetExtensionValue(OcspObjectIdentifiers.PkixOcspNonce).GetOctets())).GetOctets();
        Assert.Equal(nonce, echoed);
        Assert.True(response.Headers.CacheControl?.NoStore);
    }

    [Fact]
    public async Task Ocsp_PostBodyOverTheLimit_IsMalformedRequest()
    {
        var client = server.CreateClient();

        var response = await client.PostAsync(RevocationEndpoints.OcspPath, Content(new byte[(16 * 1024) + 1]));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(OcspRespStatus.MalformedRequest, new OcspResp(await response.Content.ReadAsByteArrayAsync()).Status);
    }

    [Fact]
    public async Task Ocsp_GetOfSomethingElseThanBase64_IsMalformedAndNotCached()
    {
        var client = server.CreateClient();

        var response = await client.GetAsync(RevocationEndpoints.OcspPath + "/%ZZ%C3%A9");

        Assert.Equal(OcspRespStatus.MalformedRequest, new OcspResp(await response.Content.ReadAsByteArrayAsync()).Status);
        Assert.True(response.Headers.CacheControl?.NoCache);
        Assert.Null(response.Headers.ETag);
    }

    private byte[] Request(byte[]? nonce)
    {
        var cardCa = server.Services.GetRequiredService<CardCaPki>().CardCa.Certificate;
        var generator = new OcspReqGenerator();
        generator.AddRequest(new CertificateID(CertificateID.DigestSha1, cardCa, new BigInteger(1, RandomNumberGenerator.GetBytes(16))));
        if (nonce is not null)
        {
            var extensions = new X509ExtensionsGenerator();
            extensions.AddExtension(OcspObjectIdentifiers.PkixOcspNonce, false, new DerOctetString(nonce));
            generator.SetRequestExtensions(extensions.Generate());
        }

        return generator.Generate().GetEncoded();
    }

    private static ByteArrayContent Content(byte[] request) =>
        new(request) { Headers = { ContentType = new MediaTypeHeaderValue(OcspHttp.RequestMediaType) } };

    private static BasicOcspResp Basic(byte[] response)
    {
        var parsed = new OcspResp(response);
        Assert.Equal(OcspRespStatus.Successful, parsed.Status);
        return Assert.IsType<BasicOcspResp>(parsed.GetResponseObject());
    }
}
