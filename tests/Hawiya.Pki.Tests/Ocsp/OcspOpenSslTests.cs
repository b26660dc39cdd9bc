using System.Collections.Concurrent;
using System.Numerics;
using Hawiya.Pki.Keys;
using Hawiya.Pki.Ocsp;
using Hawiya.Pki.Revocation;
using Hawiya.Pki.Tests.Support;
using Org.BouncyCastle.X509;

namespace Hawiya.Pki.Tests.Ocsp;

/// <summary>
/// <c>openssl ocsp</c> as the client of the responder behind a loopback HTTP listener: it must verify
/// the delegated signature, the nonce echo and read every status.
/// </summary>
public sealed class OcspOpenSslTests(PkiFixture fixture) : IClassFixture<PkiFixture>, IAsyncLifetime
{
    private readonly ConcurrentDictionary<BigInteger, CertificateStatus> _statuses = new();
    private readonly TempDirectory _directory = new();
    private OcspResponder _responder = null!;
    private LoopbackOcspServer _server = null!;

    public Task InitializeAsync()
    {
        _responder = new OcspResponder(fixture.Hierarchy.CardCa.Certificate, fixture.Hierarchy.OcspSigner,
            (serial, _) => ValueTask.FromResult(_statuses.TryGetValue(serial, out var status) ? status : CertificateStatus.Unknown),
            fixture.Time);
        _server = new LoopbackOcspServer(_responder);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _directory.Dispose();
    }

    [Fact]
    public async Task OpenSslPost_GoodCard_VerifiesTheSignatureAndTheNonce()
    {
        var card = Card(CertificateStatus.Good);

        var result = await Ask(card, "-CAfile", Chain(), "-resp_text");

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Contains("Response verify OK", result.Output, StringComparison.Ordinal);
        Assert.Contains(card + ": good", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("OCSP Nonce", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("Next Update:", result.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("WARNING", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Nonce Verify error", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenSslPost_RevokedCard_ReportsRevokedWithTimeAndReason()
    {
        var card = Card(CertificateStatus.Revoked(fixture.Time.GetUtcNow().AddMinutes(-10), RevocationReason.KeyCompromise));

        var result = await Ask(card, "-CAfile", Chain());

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Contains("Response verify OK", result.Output, StringComparison.Ordinal);
        Assert.Contains(card + ": revoked", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("Reason: keyCompromise", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("Revocation Time:", result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenSslPost_CardTheRegistryDoesNotKnow_ReportsUnknown()
    {
        var card = Card(status: null);

        var result = await Ask(card, "-CAfile", Chain());

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Contains("Response verify OK", result.Output, StringComparison.Ordinal);
        Assert.Contains(card + ": unknown", result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenSslPost_VAfile_TrustsTheResponderCertificateDirectly()
    {
        var card = Card(CertificateStatus.Good);
        var responderCertificate = _directory.Write("ocsp-signer.pem", fixture.Hierarchy.OcspSigner.CertificatePem);

        var result = await Ask(card, "-VAfile", responderCertificate);

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Contains("Response verify OK", result.Output, StringComparison.Ordinal);
        Assert.Contains(card + ": good", result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenSslPost_WrongTrustAnchor_FailsVerification()
    {
        using var other = Hawiya.Pki.Hierarchy.PkiHierarchy.Create(new Hawiya.Pki.Hierarchy.PkiHierarchyOptions(), fixture.Time);
        var card = Card(CertificateStatus.Good);
        var wrongChain = _directory.Write("wrong-chain.pem", other.CardChainPem);

        var result = await Ask(card, "-CAfile", wrongChain);

        Assert.DoesNotContain("Response verify OK", result.Output, StringComparison.Ordinal);
        Assert.Contains("Response Verify Failure", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenSslGet_RequestInThePath_ResponseVerifiedByOpenSsl()
    {
        var card = Card(CertificateStatus.Good);
        var request = _directory.File("request.der");
        var issuer = Issuer();
        var written = await OpenSsl.RunAsync("ocsp", "-issuer", issuer, "-cert", card, "-no_nonce", "-reqout", request);
        Assert.True(written.ExitCode == 0, written.Output);

        using var http = new HttpClient();
        using var response = await http.GetAsync(new Uri(_server.Url + "/" + OcspHttp.EncodeGetRequest(await File.ReadAllBytesAsync(request))));
        var body = _directory.Write("response.der", await response.Content.ReadAsByteArrayAsync());
        var result = await OpenSsl.RunAsync("ocsp", "-respin", body, "-issuer", issuer, "-cert", card, "-no_nonce", "-CAfile", Chain());

        Assert.Equal(OcspHttp.ResponseMediaType, response.Content.Headers.ContentType?.MediaType);
        Assert.NotNull(response.Headers.CacheControl?.MaxAge);
        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Contains("Response verify OK", result.Output, StringComparison.Ordinal);
        Assert.Contains(card + ": good", result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenSslPost_CachedAnswerAfterRevocation_IsRefreshedToRevoked()
    {
        var card = Card(CertificateStatus.Good);
        var serial = SerialOf(card);

        var before = await Ask(card, "-CAfile", Chain(), "-no_nonce");
        var cached = await _responder.RespondAsync(await RequestFor(card));
        _statuses[serial] = CertificateStatus.Revoked(fixture.Time.GetUtcNow(), RevocationReason.CessationOfOperation);
        _responder.Invalidate(serial);
        var after = await Ask(card, "-CAfile", Chain(), "-no_nonce");

        Assert.Contains(card + ": good", before.StandardOutput, StringComparison.Ordinal);
        Assert.True(cached.FromCache);
        Assert.True(after.ExitCode == 0, after.Output);
        Assert.Contains("Response verify OK", after.Output, StringComparison.Ordinal);
        Assert.Contains(card + ": revoked", after.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("Reason: cessationOfOperation", after.StandardOutput, StringComparison.Ordinal);
    }

    private Task<OpenSslResult> Ask(string card, params string[] verification) =>
        OpenSsl.RunAsync(["ocsp", "-issuer", Issuer(), "-cert", card, "-url", _server.Url, "-timeout", "20", .. verification]);

    private async Task<byte[]> RequestFor(string card)
    {
        var path = _directory.File(Guid.NewGuid().ToString("N") + ".der");
        var result = await OpenSsl.RunAsync("ocsp", "-issuer", Issuer(), "-cert", card, "-no_nonce", "-reqout", path);
        Assert.True(result.ExitCode == 0, result.Output);
        return await File.ReadAllBytesAsync(path);
    }

    /// <summary>Issues a card, records its status (null: never registered) and returns its PEM file.</summary>
    private string Card(CertificateStatus? status)
    {
        var certificate = fixture.NewCard().Certificate;
        if (status is { } known)
        {
            _statuses[KeyConversions.ToNet(new X509Certificate(certificate).SerialNumber)] = known;
        }

        return _directory.WriteCertificate($"card-{Guid.NewGuid():N}.pem", certificate);
    }

    private static BigInteger SerialOf(string pemFile)
    {
        var pem = File.ReadAllText(pemFile);
        var fields = System.Security.Cryptography.PemEncoding.Find(pem);
        return KeyConversions.ToNet(new X509Certificate(Convert.FromBase64String(pem[fields.Base64Data])).SerialNumber);
    }

    private string Issuer() => _directory.Write("card-ca.pem", fixture.Hierarchy.CardCa.CertificatePem);

    private string Chain() => _directory.Write("chain.pem", fixture.Hierarchy.CardChainPem);
}
