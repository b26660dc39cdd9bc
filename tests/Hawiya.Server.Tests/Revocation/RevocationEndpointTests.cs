using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Numerics;
using System.Security.Cryptography;
using Hawiya.Pki.Cards;
using Hawiya.Pki.Ocsp;
using Hawiya.Server.Revocation;
using Microsoft.Extensions.DependencyInjection;
using Org.BouncyCastle.Ocsp;

namespace Hawiya.Server.Tests.Revocation;

/// <summary>
/// Cards issued from the development hierarchy, revoked through the operator API, and checked with
/// openssl against what the server publishes: OCSP (RFC 6960) and CRLs (RFC 5280).
/// </summary>
[Collection(ServerCollection.Name)]
public sealed partial class RevocationEndpointTests(ServerFactory server) : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("hawiya-revocation-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Ocsp_CardRevokedAfterAGoodAnswer_IsRevokedForOpenSslAndListedInTheNextCrl()
    {
        var client = server.OperatorClient();
        var card = await IssueCardAsync(client);
        // Answered once before, so the responder holds a pre-signed "good" that the change must replace.
        Assert.Contains(card.Pem + ": good", await OcspGetAsync(client, card), StringComparison.Ordinal);

        var revoked = await client.PostAsJsonAsync($"/operator/cards/{card.Number}/revoke", new { cause = "Lost" });
        Assert.Equal(HttpStatusCode.OK, revoked.StatusCode);
        await WaitForRevokedAsync(client, card);

        var ocsp = await OcspGetAsync(client, card);
        Assert.Contains(card.Pem + ": revoked", ocsp, StringComparison.Ordinal);
        Assert.Contains("Reason: keyCompromise", ocsp, StringComparison.Ordinal);

        var crl = await CrlTextAsync(client, CrlPublisher.FullPath);
        Assert.Contains("Serial Number: " + OpenSslSerial(card.Serial), crl, StringComparison.Ordinal);
        Assert.Contains("Key Compromise", crl, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ocsp_UnrevokedCard_IsGoodWithHttpCaching()
    {
        var client = server.OperatorClient();
        var card = await IssueCardAsync(client);

        var ocsp = await OcspGetAsync(client, card);

        Assert.Contains(card.Pem + ": good", ocsp, StringComparison.Ordinal);
        Assert.DoesNotContain("Serial Number: " + OpenSslSerial(card.Serial), await CrlTextAsync(client, CrlPublisher.FullPath), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeltaCrl_AfterARevocation_ListsItAgainstTheLastFullCrl()
    {
        var client = server.OperatorClient();
        await CrlTextAsync(client, CrlPublisher.FullPath);
        var card = await IssueCardAsync(client);

        await client.PostAsJsonAsync($"/operator/cards/{card.Number}/revoke", new { cause = "Superseded" });
        await WaitForRevokedAsync(client, card);

        var delta = await CrlTextAsync(client, CrlPublisher.DeltaPath);
        Assert.Contains("Delta CRL Indicator: critical", delta, StringComparison.Ordinal);
        Assert.Contains("Serial Number: " + OpenSslSerial(card.Serial), delta, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ocsp_PostWithWrongMediaType_Is415AndGarbageIsMalformedRequest()
    {
        var client = server.CreateClient();

        var wrongType = await client.PostAsync(RevocationEndpoints.OcspPath, new ByteArrayContent([0x30, 0x00]));
        var garbage = await client.GetAsync(RevocationEndpoints.OcspPath + "/AAAA");

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, wrongType.StatusCode);
        Assert.Equal(OcspRespStatus.MalformedRequest, new OcspResp(await garbage.Content.ReadAsByteArrayAsync()).Status);
    }

    [Fact]
    public async Task CaCertificates_AreServedAsDer()
    {
        var client = server.CreateClient();
        var pki = server.Services.GetRequiredService<CardCaPki>();

        var cardCa = await client.GetAsync("/pki/ca/card-ca.crt");
        var root = await client.GetAsync("/pki/ca/root.crt");

        Assert.Equal("application/pkix-cert", cardCa.Content.Headers.ContentType?.MediaType);
        Assert.Equal(pki.CardCa.CertificateDer, await cardCa.Content.ReadAsByteArrayAsync());
        Assert.Equal(pki.Hierarchy.Root.CertificateDer, await root.Content.ReadAsByteArrayAsync());
    }

    private sealed record Card(string Number, BigInteger Serial, string Pem, byte[] Request);

    private async Task<Card> IssueCardAsync(HttpClient client)
    {
        var pki = server.Services.GetRequiredService<CardCaPki>();
        var number = "RV" + Guid.NewGuid().ToString("N")[..12].ToUpperInvariant();
        var nationalNumber = "RV" + Guid.NewGuid().ToString("N")[..12].ToUpperInvariant();
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var certificate = new CardCertificateIssuer(pki.CardCa, TimeProvider.System)
            .Issue(number, key.ExportSubjectPublicKeyInfo(), DateTimeOffset.UtcNow.AddYears(5));
        var document = new
        {
            citizens = new[] { new { nationalNumber } },
            cards = new[] { new { cardNumber = number, nationalNumber, certificate = Convert.ToBase64String(certificate.GetEncoded()) } },
        };
        var seeded = await client.PostAsJsonAsync("/operator/seed", document);
        Assert.Equal(HttpStatusCode.OK, seeded.StatusCode);

        var pem = Write(number + ".pem", PemEncoding.WriteString("CERTIFICATE", certificate.GetEncoded()));
        var request = Path.Combine(_directory, number + ".req");
        var written = await OpenSslProcess.RunAsync("ocsp", "-issuer", Issuer(), "-cert", pem, "-no_nonce", "-reqout", request);
        Assert.True(written.ExitCode == 0, written.Output);
        var serial = new BigInteger(certificate.SerialNumber.ToByteArrayUnsigned(), isUnsigned: true, isBigEndian: true);
        return new Card(number, serial, pem, await File.ReadAllBytesAsync(request));
    }

    // The bound is one refresh interval (1 s by default); ten leave room for a busy test machine.
    private static async Task WaitForRevokedAsync(HttpClient client, Card card)
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var content = new ByteArrayContent(card.Request);
            content.Headers.ContentType = new MediaTypeHeaderValue(OcspHttp.RequestMediaType);
            var response = await client.PostAsync(RevocationEndpoints.OcspPath, content);
            var basic = (BasicOcspResp)new OcspResp(await response.Content.ReadAsByteArrayAsync()).GetResponseObject();
            if (basic.Responses[0].GetCertStatus() is RevokedStatus)
            {
                return;
            }

            await Task.Delay(100);
        }

        Assert.Fail("The OCSP answer did not become revoked within 10 s.");
    }

    private async Task<string> OcspGetAsync(HttpClient client, Card card)
    {
        var response = await client.GetAsync(RevocationEndpoints.OcspPath + "/" + OcspHttp.EncodeGetRequest(card.Request));
        Assert.Equal(OcspHttp.ResponseMediaType, response.Content.Headers.ContentType?.MediaType);
        Assert.NotNull(response.Headers.CacheControl?.MaxAge);
        var body = Write(Guid.NewGuid().ToString("N") + ".der", await response.Content.ReadAsByteArrayAsync());
        var result = await OpenSslProcess.RunAsync("ocsp", "-respin", body, "-issuer", Issuer(), "-cert", card.Pem, "-no_nonce", "-CAfile", Chain());
        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Contains("Response verify OK", result.Output, StringComparison.Ordinal);
        return result.Output;
    }

    private async Task<string> CrlTextAsync(HttpClient client, string path)
    {
        var response = await client.GetAsync(path);
        Assert.Equal("application/pkix-crl", response.Content.Headers.ContentType?.MediaType);
        var crl = Write(Guid.NewGuid().ToString("N") + ".crl", await response.Content.ReadAsByteArrayAsync());
        var verify = await OpenSslProcess.RunAsync("crl", "-in", crl, "-inform", "DER", "-CAfile", Chain(), "-noout");
        Assert.Contains("verify OK", verify.Output, StringComparison.Ordinal);
        var text = await OpenSslProcess.RunAsync("crl", "-in", crl, "-inform", "DER", "-noout", "-text");
        Assert.True(text.ExitCode == 0, text.Output);
        return text.Output;
    }

    // OpenSSL prints an ASN1_INTEGER's magnitude (big-endian, upper-case hex), without the 00 octet
    // that DER puts before a first octet of 0x80 or more: a 127-bit serial whose top octet is 0x00 and
    // next octet 0x80 or more (1 in 256) prints 15 octets, not the 16 of its content.
    private static string OpenSslSerial(BigInteger serial) => Convert.ToHexString(serial.ToByteArray(isUnsigned: true, isBigEndian: true));

    private string Issuer() => Write("card-ca.pem", server.Services.GetRequiredService<CardCaPki>().CardCa.CertificatePem);

    private string Chain() => Write("chain.pem", server.Services.GetRequiredService<CardCaPki>().Hierarchy.CardChainPem);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, text);
        return path;
    }

    private string Write(string name, byte[] bytes)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }
}
