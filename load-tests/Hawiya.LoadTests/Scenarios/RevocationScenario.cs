using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Hawiya.LoadTests.Checks;
using Hawiya.Pki.Cards;
using Hawiya.Pki.Hierarchy;
using Hawiya.Pki.Ocsp;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Ocsp;
using Org.BouncyCastle.X509;

namespace Hawiya.LoadTests.Scenarios;

/// <summary>
/// Relying parties checking card certificates over OCSP (RFC 6960). Before the run (unmeasured)
/// the scenario issues <see cref="RevocationSettings.Cards"/> card certificates from the
/// development card CA the silos serve, registers them with citizens as their holders through the
/// operator API, revokes a share of them (cause Lost, published as keyCompromise) and waits until
/// every target answers "revoked" for them. Each arrival asks about one of those cards, by POST or
/// GET, with a nonce for some, and checks the answer: signed by a delegated responder of the card
/// CA, about that certificate, current, echoing the nonce, and revoked with its reason or good.
/// </summary>
public sealed class RevocationScenario(ScenarioServices services, Action<string> log) : IScenario
{
    public const string Step = "ocsp";
    public const string VerifyStep = "verify";

    // CardRevocationCause.Lost is published as keyCompromise (RFC 5280 §5.3.1 code 1).
    private const int LostReason = CrlReason.KeyCompromise;
    private const int SeedBatch = 500;

    private RevocationSettings Settings => services.Revocation;

    private OcspChecks? _checks;
    private CertificateID[] _certIds = [];
    // Requests without a nonce are the same bytes every time: built once per card, as a client caching them would.
    private byte[][] _plainRequests = [];
    private string[] _plainGetPaths = [];
    private int _revoked;

    public string Name => "revocation-check";

    public async Task PrepareAsync(CancellationToken cancellationToken)
    {
        var started = services.Time.GetTimestamp();
        var count = Settings.Cards;
        _revoked = (int)Math.Round(count * Settings.RevokedShare, MidpointRounding.AwayFromZero);
        log($"preparing {count} card certificates, {_revoked} to be revoked (not measured)");

        // The card CA a relying party trusts is the one the platform publishes.
        var published = await services.Http.GetByteArrayAsync(new Uri(services.Targets[0], "pki/ca/card-ca.crt"), cancellationToken);
        using var hierarchy = LoadHierarchy();
        if (!hierarchy.CardCa.CertificateDer.AsSpan().SequenceEqual(published))
        {
            throw new InvalidOperationException($"The card CA in {Settings.PkiDirectory} is not the one the platform serves; give --pki-dir the silos' hierarchy.");
        }

        _checks = new OcspChecks(new X509CertificateParser().ReadCertificate(published), services.Time);
        var issuer = new CardCertificateIssuer(hierarchy.CardCa, services.Time);
        // A tag per run: cards keep their certificate and revocation across runs, so each run registers new ones.
        var tag = Convert.ToHexString(RandomNumberGenerator.GetBytes(3));
        var prefix = services.Population.Prefix;
        var cards = new (string Number, string Holder, X509Certificate Certificate)[count];
        var notAfter = services.Time.GetUtcNow().AddYears(5);
        Parallel.For(0, count, i =>
        {
            using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var number = string.Create(CultureInfo.InvariantCulture, $"{prefix}C{tag}{i:D7}");
            cards[i] = (number, string.Create(CultureInfo.InvariantCulture, $"{prefix}H{tag}{i:D7}"), issuer.Issue(number, key.ExportSubjectPublicKeyInfo(), notAfter));
        });
        _certIds = [.. cards.Select(c => _checks.CertId(c.Certificate.SerialNumber))];
        _plainRequests = [.. _certIds.Select(id => OcspChecks.BuildRequest(id, nonce: null))];
        _plainGetPaths = [.. _plainRequests.Select(GetPath)];

        foreach (var batch in cards.Chunk(SeedBatch))
        {
            await RegisterAsync(batch, cancellationToken);
        }

        var options = new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(cards.Take(_revoked), options, async (card, ct) =>
        {
            using var response = await OperatorPostAsync($"operator/cards/{card.Number}/revoke", new { cause = "Lost" }, ct);
            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"revoking card {card.Number} failed: http {(int)response.StatusCode}");
            }
        });

        if (_revoked > 0)
        {
            await WaitUntilRevokedEverywhereAsync(cancellationToken);
        }

        log($"{count} cards registered, {_revoked} revoked, in {services.Time.GetElapsedTime(started).TotalSeconds:0.0} s");
    }

    public async Task ExecuteAsync(Operation operation, CancellationToken cancellationToken)
    {
        var checks = _checks ?? throw new InvalidOperationException("revocation-check was not prepared");
        var index = Random.Shared.Next(_certIds.Length);
        var nonce = Random.Shared.NextDouble() < Settings.NonceShare ? RandomNumberGenerator.GetBytes(16) : null;
        var request = nonce is null ? _plainRequests[index] : OcspChecks.BuildRequest(_certIds[index], nonce);
        var getPath = Random.Shared.NextDouble() >= Settings.GetShare ? null : nonce is null ? _plainGetPaths[index] : GetPath(request);
        var target = services.NextTarget();
        var body = await operation.StepAsync(Step, () => SendAsync(target, request, getPath, cancellationToken));
        operation.Complete();
        var expected = new OcspExpectation(_certIds[index], index < _revoked, index < _revoked ? LostReason : null, nonce);
        await operation.StepAsync(VerifyStep, () =>
        {
            checks.Check(body, expected);
            return Task.FromResult(true);
        });
    }

    private PkiHierarchy LoadHierarchy()
    {
        if (!PkiHierarchy.ExistsIn(Settings.PkiDirectory))
        {
            throw new InvalidOperationException($"No PKI hierarchy in {Settings.PkiDirectory}: start the platform in Development (it creates one) or give --pki-dir.");
        }

        return PkiHierarchy.Load(Settings.PkiDirectory, Settings.PkiPassphrase, production: false);
    }

    // RFC 6960 Appendix A.1: {url}/{url-encoding of base-64 encoding of the DER OCSPRequest}.
    private static string GetPath(byte[] request) => "pki/ocsp/" + OcspHttp.EncodeGetRequest(request);

    /// <summary>Sends <paramref name="request"/> by GET to <paramref name="getPath"/> when given, else by POST.</summary>
    private async Task<byte[]> SendAsync(Uri target, byte[] request, string? getPath, CancellationToken ct)
    {
        using var message = getPath is not null
            ? new HttpRequestMessage(HttpMethod.Get, new Uri(target, getPath))
            : new HttpRequestMessage(HttpMethod.Post, new Uri(target, "pki/ocsp"))
            {
                Content = new ByteArrayContent(request) { Headers = { ContentType = new MediaTypeHeaderValue(OcspHttp.RequestMediaType) } },
            };
        using var response = await services.Http.SendAsync(message, ct);
        if (!response.IsSuccessStatusCode)
        {
            throw new LoadFailure($"http {(int)response.StatusCode}", wrongAnswer: false);
        }

        if (response.Content.Headers.ContentType?.MediaType != OcspHttp.ResponseMediaType)
        {
            throw LoadFailure.Wrong("OCSP answer not typed " + OcspHttp.ResponseMediaType);
        }

        return await response.Content.ReadAsByteArrayAsync(ct);
    }

    private async Task RegisterAsync(IReadOnlyList<(string Number, string Holder, X509Certificate Certificate)> batch, CancellationToken ct)
    {
        var document = new
        {
            citizens = batch.Select(c => new { nationalNumber = c.Holder }).ToArray(),
            cards = batch.Select(c => new { cardNumber = c.Number, nationalNumber = c.Holder, certificate = Convert.ToBase64String(c.Certificate.GetEncoded()) }).ToArray(),
        };
        using var response = await OperatorPostAsync("operator/seed", document, ct);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"registering cards failed: http {(int)response.StatusCode}");
        }

        using var report = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
        foreach (var part in new[] { "citizens", "cards" })
        {
            var succeeded = report.RootElement.GetProperty(part).GetProperty("succeeded").GetInt32();
            if (succeeded != batch.Count)
            {
                throw new InvalidOperationException($"registering cards: {succeeded} of {batch.Count} {part} accepted");
            }
        }
    }

    private async Task<HttpResponseMessage> OperatorPostAsync(string path, object body, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(services.Targets[0], path)) { Content = JsonContent.Create(body) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", services.OperatorToken);
        return await services.Http.SendAsync(request, ct);
    }

    // Each silo refreshes its revocation mirror on its own (every second by default). The list is
    // applied whole, so once the last card revoked reads revoked, the earlier ones do as well.
    private async Task WaitUntilRevokedEverywhereAsync(CancellationToken ct)
    {
        var last = _revoked - 1;
        var expected = new OcspExpectation(_certIds[last], Revoked: true, LostReason, Nonce: null);
        foreach (var target in services.Targets)
        {
            var deadline = services.Time.GetTimestamp();
            while (true)
            {
                try
                {
                    // With a nonce: a fresh answer, never a cached "good".
                    var nonce = RandomNumberGenerator.GetBytes(16);
                    _checks!.Check(await SendAsync(target, OcspChecks.BuildRequest(_certIds[last], nonce), getPath: null, ct), expected with { Nonce = nonce });
                    break;
                }
                catch (LoadFailure) when (services.Time.GetElapsedTime(deadline) < TimeSpan.FromSeconds(15))
                {
                    await Task.Delay(200, ct);
                }
                catch (LoadFailure e)
                {
                    throw new InvalidOperationException($"{target} did not answer revoked within 15 s: {e.Kind}");
                }
            }
        }
    }
}
