using System.Text.RegularExpressions;
using Hawiya.Card.Bridge;
using Hawiya.CardReader.Credentials;
using Hawiya.CardReader.Sessions;
using Hawiya.Contracts.Cards;
using Hawiya.Contracts.Common;
using Hawiya.EdgeReader.Bridge;
using Hawiya.Pki.Crl;
using Hawiya.Pki.Revocation;
using Hawiya.Server.Cards;
using Hawiya.Server.Revocation;
using Hawiya.Server.Tests.Oidc;
using Hawiya.VirtualCard.CardFiles;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Hawiya.EdgeReader.Tests.Bridge;

/// <summary>
/// Card login end to end: a browser on the login pages, the reader agent on a WebSocket to the
/// server, real pcscd with vpcd, and a virtual card personalised by the server's own card CA.
/// </summary>
[Collection(PcscdCollection.Name)]
public sealed partial class CardLoginTests(PcscdFixture pcscd, CardLoginFixture fixture) : IClassFixture<CardLoginFixture>
{
    private OidcServer Server => fixture.Server;

    [Fact]
    public async Task CardPinLogin_PinTypedOnTheReader_ReachesEidas3WithAttributesFromTheCard()
    {
        var (citizen, file) = await fixture.NewCardholderAsync();
        await using var card = await pcscd.InsertAsync(file);
        using var browser = new Browser(Server.Issuer);
        var request = new AuthorizationRequest(CardLoginFixture.ClientId, "openid profile") { Extra = { ["acr_values"] = "eidas3" } };
        await using var agent = await ConnectAgentAsync(new Pins(InsertedCard.Pin));

        var code = await StartCardLoginAsync(browser, request, citizen.Number);
        var outcome = await agent.PairAsync(code, CancellationToken.None);
        var consent = await browser.PostStepAsync("card");
        var stop = await browser.PostStepAsync("consent", ("decision", "accept"));

        Assert.True(outcome.Accepted, outcome.Reason);
        Assert.True(consent.IsPage("consent"), "the consent page follows the card");
        using var client = new OidcClient(Server, CardLoginFixture.ClientId);
        var (_, tokens) = await client.RedeemAsync(stop.Query["code"], request);
        var idToken = await client.ValidateAsync(tokens.GetProperty("id_token").GetString()!);
        Assert.True(idToken.IsValid, idToken.Exception?.Message);
        Assert.Equal("eidas3", idToken.Claims["acr"]);
        var amr = ((IEnumerable<object>)idToken.Claims["amr"]).Select(v => v.ToString()).ToArray();
        Assert.Contains("sc", amr);
        Assert.Contains("pin", amr);
        // From the card's signed identity data, not from the sealed copy seeded for the citizen ("Salma").
        Assert.Equal("Amina Zineb", idToken.Claims["given_name"]);
        Assert.Equal("1990-04-12", idToken.Claims["birthdate"]);
    }

    [Fact]
    public async Task CardPinLogin_TheReaderShowsTheProviderAndLevel_BeforeThePin()
    {
        // Issue 26, finding 8: a phishing page can show the code of its own session; the reader
        // says which service and level the code is for, and asks, before the PIN.
        var (citizen, file) = await fixture.NewCardholderAsync();
        await using var card = await pcscd.InsertAsync(file);
        using var browser = new Browser(Server.Issuer);
        var request = new AuthorizationRequest(CardLoginFixture.ClientId, "openid profile") { Extra = { ["acr_values"] = "eidas3" } };
        var prompt = new Pins(InsertedCard.Pin);
        await using var agent = await ConnectAgentAsync(prompt);

        var code = await StartCardLoginAsync(browser, request, citizen.Number);
        var outcome = await agent.PairAsync(code, CancellationToken.None);

        Assert.True(outcome.Accepted, outcome.Reason);
        Assert.Equal(["confirm Portail carte eidas3 CardPin", "pin"], prompt.Seen);
    }

    [Fact]
    public async Task CardPinLogin_CitizenDeclinesAtTheReader_NoPinAskedAndTheSessionNotLifted()
    {
        var (citizen, file) = await fixture.NewCardholderAsync();
        await using var card = await pcscd.InsertAsync(file);
        using var browser = new Browser(Server.Issuer);
        var request = new AuthorizationRequest(CardLoginFixture.ClientId, "openid profile") { Extra = { ["acr_values"] = "eidas3" } };
        var prompt = new Pins(InsertedCard.Pin) { Confirms = false };
        await using var agent = await ConnectAgentAsync(prompt);
        var triesBefore = card.Applet.PersistentState.PinTriesLeft;

        var code = await StartCardLoginAsync(browser, request, citizen.Number);
        var outcome = await agent.PairAsync(code, CancellationToken.None);
        var page = await browser.PostStepAsync("card");

        Assert.Equal(BridgeReasons.HolderDeclined, outcome.Reason);
        Assert.DoesNotContain("pin", prompt.Seen);
        Assert.Equal(triesBefore, card.Applet.PersistentState.PinTriesLeft);
        Assert.True(page.IsPage("method"), "the session is not lifted: the citizen is back on the methods page");
        Assert.Contains("refusé la connexion sur le lecteur", System.Net.WebUtility.HtmlDecode(page.Html), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CardFingerprintLogin_FingerOnTheReader_ReachesEidas3WithAmrFpt()
    {
        var (citizen, file) = await fixture.NewCardholderAsync();
        await using var card = await pcscd.InsertAsync(file);
        using var browser = new Browser(Server.Issuer);
        var request = new AuthorizationRequest(CardLoginFixture.ClientId, "openid profile") { Extra = { ["acr_values"] = "eidas3" } };
        await using var agent = await ConnectAgentAsync(new Pins { Fingerprint = file.Fingerprint });

        var code = await StartCardLoginAsync(browser, request, citizen.Number, "CardFingerprint");
        var outcome = await agent.PairAsync(code, CancellationToken.None);
        await browser.PostStepAsync("card");
        var stop = await browser.PostStepAsync("consent", ("decision", "accept"));

        Assert.True(outcome.Accepted, outcome.Reason);
        using var client = new OidcClient(Server, CardLoginFixture.ClientId);
        var (_, tokens) = await client.RedeemAsync(stop.Query["code"], request);
        var idToken = await client.ValidateAsync(tokens.GetProperty("id_token").GetString()!);
        Assert.Equal("eidas3", idToken.Claims["acr"]);
        var amr = ((IEnumerable<object>)idToken.Claims["amr"]).Select(v => v.ToString()).ToArray();
        Assert.Equal(["fpt", "sc"], amr.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task CardPinLogin_WrongPinThreeTimes_BlocksTheCard()
    {
        var (citizen, file) = await fixture.NewCardholderAsync();
        await using var card = await pcscd.InsertAsync(file);
        using var browser = new Browser(Server.Issuer);
        var request = new AuthorizationRequest(CardLoginFixture.ClientId, "openid profile") { Extra = { ["acr_values"] = "eidas3" } };
        await using var agent = await ConnectAgentAsync(new Pins("9999", "9998", "9997", InsertedCard.Pin));

        var code = await StartCardLoginAsync(browser, request, citizen.Number);
        var outcomes = new List<PairingOutcome>();
        BrowserStop page = default!;
        for (var attempt = 0; attempt < 4; attempt++)
        {
            outcomes.Add(await agent.PairAsync(code, CancellationToken.None));
            page = await browser.PostStepAsync("card");
            if (attempt < 3)
            {
                code = PairingCode(await browser.PostStepAsync("method", ("method", "CardPin")));
            }
        }

        Assert.Equal(
            [(BridgeReasons.HolderRefused, 2), (BridgeReasons.HolderRefused, 1), (BridgeReasons.HolderBlocked, 0), (BridgeReasons.HolderBlocked, 0)],
            outcomes.Select(o => (o.Reason, o.TriesLeft)));
        Assert.Contains("PUK", page.Html, StringComparison.Ordinal);
        Assert.Equal(0, card.Applet.PersistentState.PinTriesLeft);
    }

    [Fact]
    public async Task CardLogin_RevokedCard_IsRefused()
    {
        var (citizen, file) = await fixture.NewCardholderAsync();
        await using var card = await pcscd.InsertAsync(file);
        var keys = Server.Services.GetRequiredService<PseudonymKeys>();
        var revoked = await Server.Grains.GetGrain<ICardGrain>(keys.Card(file.CardNumber)).RevokeAsync(CardRevocationCause.Stolen);
        Assert.True(revoked.Succeeded, revoked.Detail);
        using var browser = new Browser(Server.Issuer);
        var request = new AuthorizationRequest(CardLoginFixture.ClientId, "openid profile") { Extra = { ["acr_values"] = "eidas3" } };
        await using var agent = await ConnectAgentAsync(new Pins(InsertedCard.Pin));

        var code = await StartCardLoginAsync(browser, request, citizen.Number);
        var outcome = await agent.PairAsync(code, CancellationToken.None);
        var page = await browser.PostStepAsync("card");

        Assert.Equal(BridgeReasons.CardNotUsable, outcome.Reason);
        Assert.True(page.IsPage("method"), "the citizen is back on the methods page");
        Assert.Contains("révoquée", System.Net.WebUtility.HtmlDecode(page.Html), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CardLogin_ReaderDisconnectsWhileThePinIsTyped_PageSaysSo()
    {
        var (citizen, file) = await fixture.NewCardholderAsync();
        await using var card = await pcscd.InsertAsync(file);
        using var browser = new Browser(Server.Issuer);
        var request = new AuthorizationRequest(CardLoginFixture.ClientId, "openid profile") { Extra = { ["acr_values"] = "eidas3" } };
        var prompt = new CableCut();
        await using var agent = await ConnectAgentAsync(prompt);
        prompt.Agent = agent;

        var code = await StartCardLoginAsync(browser, request, citizen.Number);
        await Assert.ThrowsAnyAsync<Exception>(() => agent.PairAsync(code, CancellationToken.None));
        var page = await WaitForPageAsync(browser, p => !p.IsPage("card_cancel"));

        Assert.Contains("déconnecté", System.Net.WebUtility.HtmlDecode(page.Html), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bridge_CredentialFromAnotherHierarchy_IsRefused()
    {
        using var foreign = ForeignCredential();
        await using var agent = new BridgeAgent(Server.Issuer, foreign, _ => throw new InvalidOperationException("no card needed"), new Pins());

        var refused = await Assert.ThrowsAsync<BridgeException>(() => agent.ConnectAsync(CancellationToken.None));

        Assert.Contains("refused", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bridge_CredentialOnTheDenyList_IsRefused()
    {
        // Issue 26, finding 14: a reader credential the reader CA issued can still be withdrawn.
        using var stolen = fixture.NewReaderCredential("stolen-reader");
        using var _ = UseReaderSettings(new ReaderTrustSettings { RevokedSerials = [stolen.Certificate.SerialNumber] });
        await using var agent = new BridgeAgent(Server.Issuer, stolen, _ => throw new InvalidOperationException("no card needed"), new Pins());

        var refused = await Assert.ThrowsAsync<BridgeException>(() => agent.ConnectAsync(CancellationToken.None));

        Assert.Contains("refused", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bridge_CredentialOnTheReaderCaCrl_IsRefusedAndOthersStillConnect()
    {
        // Issue 26, finding 14: the reader CA's CRL withdraws a credential, as the deny-list does.
        using var stolen = fixture.NewReaderCredential("stolen-reader");
        using var kept = fixture.NewReaderCredential("kept-reader");
        var crl = WriteReaderCrl(new Org.BouncyCastle.X509.X509CertificateParser().ReadCertificate(stolen.ChainDer()[0]).SerialNumber);
        using var _ = UseReaderSettings(new ReaderTrustSettings { CrlFile = crl });
        await using var refusedAgent = new BridgeAgent(Server.Issuer, stolen, _ => throw new InvalidOperationException("no card needed"), new Pins());
        await using var keptAgent = new BridgeAgent(Server.Issuer, kept, _ => throw new InvalidOperationException("no card needed"), new Pins());

        var refused = await Assert.ThrowsAsync<BridgeException>(() => refusedAgent.ConnectAsync(CancellationToken.None));
        await keptAgent.ConnectAsync(CancellationToken.None);

        Assert.Contains("refused", refused.Message, StringComparison.Ordinal);
        Assert.Equal("kept-reader", keptAgent.ReaderName);
    }

    [Fact]
    public async Task Bridge_ConfiguredCrlNotSignedByTheReaderCa_RefusesEveryReader()
    {
        using var reader = fixture.NewReaderCredential("any-reader");
        var hierarchy = Server.Services.GetRequiredService<CardCaPki>().Hierarchy;
        var path = Path.Combine(Path.GetTempPath(), $"hawiya-card-ca-{Guid.NewGuid():N}.crl");
        await File.WriteAllBytesAsync(path, new CrlBuilder(hierarchy.CardCa, TimeProvider.System).BuildFull([], 1));
        using var _ = UseReaderSettings(new ReaderTrustSettings { CrlFile = path });
        await using var agent = new BridgeAgent(Server.Issuer, reader, _ => throw new InvalidOperationException("no card needed"), new Pins());

        var refused = await Assert.ThrowsAsync<BridgeException>(() => agent.ConnectAsync(CancellationToken.None));

        Assert.Contains("refused", refused.Message, StringComparison.Ordinal);
    }

    /// <summary>A full CRL of the server's reader CA listing <paramref name="serial"/>, in a file of its own.</summary>
    private string WriteReaderCrl(Org.BouncyCastle.Math.BigInteger serial)
    {
        var hierarchy = Server.Services.GetRequiredService<CardCaPki>().Hierarchy;
        var entry = new RevokedCertificate(System.Numerics.BigInteger.Parse(serial.ToString(), System.Globalization.CultureInfo.InvariantCulture), DateTimeOffset.UtcNow, RevocationReason.KeyCompromise);
        var path = Path.Combine(Path.GetTempPath(), $"hawiya-reader-ca-{Guid.NewGuid():N}.crl");
        File.WriteAllBytes(path, new CrlBuilder(hierarchy.ReaderCa, TimeProvider.System).BuildFull([entry], 1));
        return path;
    }

    /// <summary>Replaces the reader trust settings the server reads at each connection, until disposed.</summary>
    private ReaderSettingsScope UseReaderSettings(ReaderTrustSettings settings)
    {
        var cache = Server.Services.GetRequiredService<IOptionsMonitorCache<ReaderTrustSettings>>();
        cache.TryRemove(Options.DefaultName);
        cache.TryAdd(Options.DefaultName, settings);
        return new ReaderSettingsScope(cache);
    }

    private sealed class ReaderSettingsScope(IOptionsMonitorCache<ReaderTrustSettings> cache) : IDisposable
    {
        public void Dispose() => cache.TryRemove(Options.DefaultName);
    }

    [Fact]
    public async Task Bridge_UnknownPairingCode_IsAnsweredWithoutTouchingTheCard()
    {
        await using var agent = await ConnectAgentAsync(new Pins());

        var outcome = await agent.PairAsync("ABCD-EFGH", CancellationToken.None);

        Assert.Equal(BridgeReasons.UnknownCode, outcome.Reason);
    }

    private async Task<BridgeAgent> ConnectAgentAsync(IHolderPrompt prompt)
    {
        var reader = new PcscCardReader();
        var agent = new BridgeAgent(Server.Issuer, fixture.NewReaderCredential(), ct => reader.OpenSessionAsync(PcscdFixture.Reader0, PcscdFixture.Bounded, ct), prompt);
        await agent.ConnectAsync(CancellationToken.None);
        return agent;
    }

    private static async Task<string> StartCardLoginAsync(Browser browser, AuthorizationRequest request, string nationalNumber, string method = "CardPin")
    {
        var page = await browser.OpenAsync(request.Url());
        Assert.True(page.IsPage("identify"), "the identify page should be shown");
        await browser.PostStepAsync("identify", ("national_number", nationalNumber));
        return PairingCode(await browser.PostStepAsync("method", ("method", method)));
    }

    private static string PairingCode(BrowserStop page)
    {
        var match = PairingCodePattern().Match(page.Html);
        Assert.True(match.Success, "the card page shows a pairing code");
        return match.Groups[1].Value;
    }

    /// <summary>The server learns of a dropped connection on its own schedule: ask the page until it knows, within a bound.</summary>
    private static async Task<BrowserStop> WaitForPageAsync(Browser browser, Func<BrowserStop, bool> done)
    {
        for (var round = 0; ; round++)
        {
            var page = await browser.PostStepAsync("card");
            if (done(page) || round == 150)
            {
                return page;
            }

            await Task.Delay(100);
        }
    }

    private static ReaderCredential ForeignCredential()
    {
        using var key = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
        var certificateRequest = new System.Security.Cryptography.X509Certificates.CertificateRequest("CN=rogue-reader", key, System.Security.Cryptography.HashAlgorithmName.SHA256);
        using var certificate = certificateRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        return ReaderCredential.FromPem(certificate.ExportCertificatePem(), key.ExportPkcs8PrivateKeyPem(), certificate.ExportCertificatePem());
    }

    [GeneratedRegex("id=\"pairing-code\">([A-Z0-9]{4}-[A-Z0-9]{4})<")]
    private static partial Regex PairingCodePattern();

    /// <summary>PINs typed at the reader, one per request, or the finger put on its sensor; what the reader showed, in order.</summary>
    private sealed class Pins(params string[] pins) : IHolderPrompt
    {
        private readonly Queue<string> _pins = new(pins);

        public byte[]? Fingerprint { get; init; }

        /// <summary>Whether the citizen confirms the login the reader shows.</summary>
        public bool Confirms { get; init; } = true;

        public List<string> Seen { get; } = [];

        public Task<bool> ConfirmAsync(CardLoginPurpose purpose, CancellationToken cancellationToken)
        {
            Seen.Add($"confirm {purpose.Provider} {purpose.Level} {purpose.Method}");
            return Task.FromResult(Confirms);
        }

        public Task<string?> ReadPinAsync(CancellationToken cancellationToken)
        {
            Seen.Add("pin");
            return Task.FromResult(_pins.TryDequeue(out var pin) ? pin : null);
        }

        public Task<byte[]?> ReadFingerprintAsync(CancellationToken cancellationToken) => Task.FromResult(Fingerprint);
    }

    /// <summary>The reader's cable is pulled while the citizen types the PIN.</summary>
    private sealed class CableCut : IHolderPrompt
    {
        public BridgeAgent? Agent { get; set; }

        public Task<bool> ConfirmAsync(CardLoginPurpose purpose, CancellationToken cancellationToken) => Task.FromResult(true);

        public Task<string?> ReadPinAsync(CancellationToken cancellationToken)
        {
            Agent!.Abort();
            return Task.FromResult<string?>(InsertedCard.Pin);
        }

        public Task<byte[]?> ReadFingerprintAsync(CancellationToken cancellationToken) => Task.FromResult<byte[]?>(null);
    }
}
