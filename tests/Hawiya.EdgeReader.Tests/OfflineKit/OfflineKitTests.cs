using System.Net.Http.Json;
using Hawiya.Card.Bridge;
using Hawiya.Card.Profile;
using Hawiya.CardReader.Credentials;
using Hawiya.CardReader.Sessions;
using Hawiya.Contracts.Cards;
using Hawiya.Contracts.Common;
using Hawiya.Contracts.Readers;
using Hawiya.EdgeReader.Bridge;
using Hawiya.EdgeReader.Tests.Bridge;
using Hawiya.OfflineKit.Checks;
using Hawiya.OfflineKit.Events;
using Hawiya.OfflineKit.Revocation;
using Hawiya.Server.Revocation;
using Hawiya.VirtualCard.Applet;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Hawiya.EdgeReader.Tests.OfflineKit;

/// <summary>
/// The offline kit against the real server's CRLs and sync endpoint: cards read through pcscd and
/// vpcd (or in process where only the CRL policy is under test), events on a real disk.
/// </summary>
[Collection(PcscdCollection.Name)]
public sealed class OfflineKitTests(PcscdFixture pcscd, CardLoginFixture fixture) : IClassFixture<CardLoginFixture>, IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("hawiya-kit-").FullName;

    private CardCaPki Pki => fixture.Server.Services.GetRequiredService<CardCaPki>();

    [Fact]
    public async Task Check_GoodCardAndRightPin_IsAcceptedShowsTheIdentityAndQueuesAnEvent()
    {
        var (_, file) = await fixture.NewCardholderAsync();
        var cache = await FreshCacheAsync();
        using var credential = fixture.NewReaderCredential("kit-good");
        var queue = new EventQueue(Path.Combine(_directory, "events"));
        await using var card = await pcscd.InsertAsync(file);
        using var session = await new PcscCardReader().OpenSessionAsync(PcscdFixture.Reader0, PcscdFixture.Bounded);

        var result = Checker(cache, queue, credential, StaleCrlPolicy.Default, TimeProvider.System).Check(session, AuthenticationGate.Pin, InsertedCard.Pin, null);

        Assert.Equal(KitOutcomes.Accepted, result.Outcome);
        Assert.Equal("El Idrissi", result.Identity?.Holder.FamilyName);
        Assert.Single(queue.Pending());
    }

    [Fact]
    public async Task Check_RevokedCard_IsRefusedFromTheCachedCrl()
    {
        var (_, file) = await fixture.NewCardholderAsync();
        var keys = fixture.Server.Services.GetRequiredService<PseudonymKeys>();
        var revoked = await fixture.Server.Grains.GetGrain<ICardGrain>(keys.Card(file.CardNumber)).RevokeAsync(CardRevocationCause.Lost);
        Assert.True(revoked.Succeeded, revoked.Detail);
        var cache = await FreshCacheAsync();
        using var credential = fixture.NewReaderCredential("kit-revoked");
        var queue = new EventQueue(Path.Combine(_directory, "events"));
        await using var card = await pcscd.InsertAsync(file);
        using var session = await new PcscCardReader().OpenSessionAsync(PcscdFixture.Reader0, PcscdFixture.Bounded);

        var result = Checker(cache, queue, credential, StaleCrlPolicy.Default, TimeProvider.System).Check(session, AuthenticationGate.Pin, InsertedCard.Pin, null);

        Assert.Equal(KitOutcomes.Revoked, result.Outcome);
        Assert.Null(result.Identity);
    }

    [Theory]
    [InlineData(StaleCrlMode.Refuse, 0, 30, KitOutcomes.StaleCrl)]
    [InlineData(StaleCrlMode.AcceptWithWarning, 60, 30, KitOutcomes.AcceptedStaleCrl)]
    [InlineData(StaleCrlMode.AcceptWithWarning, 60, 120, KitOutcomes.StaleCrl)]
    public async Task Check_CrlPastNextUpdate_ThePolicyDecides(StaleCrlMode mode, int graceMinutes, int minutesLate, string expected)
    {
        var (_, file) = await fixture.NewCardholderAsync();
        var cacheTime = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var cache = await FreshCacheAsync(cacheTime);
        var nextUpdate = cache.Check(System.Numerics.BigInteger.One).NextUpdate!.Value;
        cacheTime.SetUtcNow(nextUpdate.AddMinutes(minutesLate));
        using var credential = fixture.NewReaderCredential("kit-stale");
        var queue = new EventQueue(Path.Combine(_directory, "events"));
        using var applet = new CnieApplet(file);
        using var session = CardSession.Open(new InProcessCardTransport(applet), "in-process");

        var result = Checker(cache, queue, credential, new StaleCrlPolicy(mode, TimeSpan.FromMinutes(graceMinutes)), cacheTime)
            .Check(session, AuthenticationGate.Pin, InsertedCard.Pin, null);

        Assert.Equal(expected, result.Outcome);
    }

    [Fact]
    public async Task Sync_AnswerLostAfterTheFirstBatch_RetryCountsEveryEventOnce()
    {
        using var credential = fixture.NewReaderCredential("kit-sync-" + Guid.NewGuid().ToString("N")[..8]);
        var queue = new EventQueue(Path.Combine(_directory, "events"));
        for (var i = 0; i < 5; i++)
        {
            queue.Enqueue(new KitEvent(Guid.NewGuid().ToString(), credential.Name, DateTimeOffset.UtcNow.AddSeconds(i), KitOutcomes.Accepted, "1a2b", "Pin"), credential);
        }

        using (var lossy = new HttpClient(new AnswerLostAfterFirstRequest()))
        {
            await Assert.ThrowsAsync<HttpRequestException>(() => queue.SyncAsync(lossy, fixture.Server.Issuer, credential, batchSize: 2));
        }

        Assert.Equal(5, queue.Pending().Count);
        using var http = new HttpClient();
        var recorded = await queue.SyncAsync(http, fixture.Server.Issuer, credential, batchSize: 2);

        var reader = await fixture.Server.Grains.GetGrain<IEdgeReaderGrain>(credential.Name).GetAsync();
        Assert.Equal(3, recorded);
        Assert.Empty(queue.Pending());
        Assert.Equal(5, reader.EventCount);
        Assert.Equal(5, reader.Outcomes[KitOutcomes.Accepted]);
    }

    [Fact]
    public async Task Sync_EventSignedByAnotherReader_IsRefused()
    {
        using var kit = fixture.NewReaderCredential("kit-honest");
        using var other = fixture.NewReaderCredential("kit-other");
        var forged = SignedKitEvent.Sign(new KitEvent(Guid.NewGuid().ToString(), kit.Name, DateTimeOffset.UtcNow, KitOutcomes.Accepted, "1a2b", "Pin"), other.Key);
        using var http = new HttpClient();

        var response = await http.PostAsJsonAsync(new Uri(fixture.Server.Issuer, "/edge/events"), new KitEventBatch(kit.ChainDer(), [forged]));

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private OfflineChecker Checker(CrlCache cache, EventQueue queue, ReaderCredential credential, StaleCrlPolicy policy, TimeProvider time) =>
        new(Pki.Hierarchy.Root.Certificate, Pki.CardCa.Certificate, cache, policy, queue, credential, time);

    /// <summary>Downloads the server's CRLs once the server's copy of the revocation list is current.</summary>
    private async Task<CrlCache> FreshCacheAsync(TimeProvider? time = null)
    {
        await fixture.Server.Services.GetRequiredService<RevocationMirror>().RefreshAsync();
        var cache = new CrlCache(Path.Combine(_directory, "crl"), Pki.CardCa.Certificate, time ?? TimeProvider.System);
        using var http = new HttpClient();
        await cache.RefreshAsync(http, fixture.Server.Issuer);
        return cache;
    }

    /// <summary>The server receives and records the first request, but its answer never reaches the kit.</summary>
    private sealed class AnswerLostAfterFirstRequest() : DelegatingHandler(new SocketsHttpHandler())
    {
        private int _requests;

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            if (Interlocked.Increment(ref _requests) == 1)
            {
                response.Dispose();
                throw new HttpRequestException("connection reset while reading the answer");
            }

            return response;
        }
    }
}
