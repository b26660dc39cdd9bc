using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Hawiya.Contracts.Cards;
using Hawiya.Gateways.Outbox;
using Hawiya.Contracts.Common;
using Hawiya.Contracts.Citizens;
using Hawiya.Contracts.Logout;
using Hawiya.Grains.Logout;
using Hawiya.Server.Citizens;
using Hawiya.Server.Operators;
using Hawiya.Server.Tests.Oidc;
using Microsoft.Extensions.DependencyInjection;

namespace Hawiya.Server.Tests.Citizens;

/// <summary>"Not me" and back-channel logout, delivered over real HTTP to a validating relying party.</summary>
[Collection(OidcCollection.Name)]
public sealed class BackchannelLogoutTests(OidcServer server)
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task NotMe_CitizenWithASession_FreezesRevokesAndTellsTheProvider()
    {
        var clientId = NewClientId();
        await using var receiver = await LogoutReceiver.StartAsync(server, clientId);
        await SeedProviderAsync(clientId, receiver.Endpoint);
        var citizen = await server.NewCitizenAsync();
        var (subject, tokens, client) = await LogInAsync(clientId, citizen);
        using var _ = client;

        var outcome = await server.Services.GetRequiredService<NotMe>().ReportAsync(CitizenKey(citizen));

        Assert.True(outcome.Succeeded);
        Assert.Equal(1, outcome.SessionsRevoked);
        var logout = await receiver.NextAsync(Within);
        Assert.Equal(subject, logout.GetProperty("sub").GetString());
        Assert.Empty(receiver.Refusals);
        var citizenNow = await server.Grains.GetGrain<ICitizenGrain>(CitizenKey(citizen)).GetAsync();
        Assert.Equal(CitizenStatus.Frozen, citizenNow.Status);
        var (refresh, _) = await client.RefreshAsync(tokens.GetProperty("refresh_token").GetString()!);
        Assert.Equal(HttpStatusCode.BadRequest, refresh);
        // The queue lets the entry go once the provider's answer is back: after the receiver saw it.
        Assert.Empty(await WaitForAsync(server.Grains.GetGrain<IBackchannelLogoutGrain>(clientId), p => p.Length == 0));
    }

    [Fact]
    public async Task Deliver_ProviderFailsFirst_RetriedAfterBackoffAndDeliveredOnce()
    {
        var clientId = NewClientId();
        await using var receiver = await LogoutReceiver.StartAsync(server, clientId, failFirst: 1);
        await SeedProviderAsync(clientId, receiver.Endpoint);
        var citizen = await server.NewCitizenAsync();
        var (subject, _, client) = await LogInAsync(clientId, citizen);
        using var _ = client;
        var queue = server.Grains.GetGrain<IBackchannelLogoutGrain>(clientId);

        await server.Grains.GetGrain<ICitizenGrain>(CitizenKey(citizen)).RevokeAllSessionsAsync();
        await receiver.WaitForRequestsAsync(1, Within);
        var pending = await WaitForAsync(queue, p => p.Length == 1 && p[0].Attempts == 1);
        server.Time.Advance(BackchannelLogoutGrain.RetryDelay(1) + TimeSpan.FromSeconds(1));

        var logout = await receiver.NextAsync(Within);
        Assert.Equal(subject, pending[0].Subject);
        Assert.Equal("HTTP 503", pending[0].LastError);
        Assert.Equal(subject, logout.GetProperty("sub").GetString());
        Assert.Empty(await WaitForAsync(queue, p => p.Length == 0));
        Assert.Equal(2, receiver.Requests);
    }

    [Fact]
    public async Task CardRevokedAsLost_ProviderToldAndHolderAlerted()
    {
        var clientId = NewClientId();
        await using var receiver = await LogoutReceiver.StartAsync(server, clientId);
        await SeedProviderAsync(clientId, receiver.Endpoint);
        var citizen = await server.NewCitizenAsync();
        var cardNumber = "K" + Guid.NewGuid().ToString("N")[..12].ToUpperInvariant();
        var seeded = await server.Seeding.SeedCardsAsync([new CardSeed(cardNumber, citizen.Number, Convert.ToBase64String(Certificate()))], CancellationToken.None);
        Assert.Empty(seeded.Failures);
        var (subject, _, client) = await LogInAsync(clientId, citizen);
        using var _ = client;
        var email = citizen.Number.ToLowerInvariant() + "@example.ma";

        var revoked = await server.Grains.GetGrain<ICardGrain>(server.Services.GetRequiredService<PseudonymKeys>().Card(cardNumber)).RevokeAsync(CardRevocationCause.Lost);

        Assert.True(revoked.Succeeded, revoked.Detail);
        var logout = await receiver.NextAsync(Within);
        Assert.Equal(subject, logout.GetProperty("sub").GetString());
        // The login's own alert leaves in the background too, before or after this one.
        var alert = await WaitForAsync(() => server.Outbox.GetMessages(OutboxChannel.Email, email).FirstOrDefault(m => m.Body.Contains("statut de votre carte modifié", StringComparison.Ordinal)));
        Assert.Contains("statut de votre carte modifié", alert.Body);
    }

    [Fact]
    public async Task Enqueue_ProviderWithoutBackchannelUri_NothingQueued()
    {
        var queued = await server.Grains.GetGrain<IBackchannelLogoutGrain>(OidcServer.ClientId).EnqueueAsync("some-subject");

        Assert.False(queued);
        Assert.Empty(await server.Grains.GetGrain<IBackchannelLogoutGrain>(OidcServer.ClientId).GetPendingAsync());
    }

    [Fact]
    public async Task NotMe_UnknownCitizen_RefusedWithUnknown()
    {
        var outcome = await server.Services.GetRequiredService<NotMe>().ReportAsync("c-unknown" + Guid.NewGuid().ToString("N"));

        Assert.Equal(CitizenError.Unknown, outcome.Error);
        Assert.Equal(0, outcome.SessionsRevoked);
    }

    private static string NewClientId() => "bcl-" + Guid.NewGuid().ToString("N")[..12];

    private string CitizenKey(TestCitizen citizen) => server.Services.GetRequiredService<PseudonymKeys>().Citizen(citizen.Number);

    private async Task SeedProviderAsync(string clientId, Uri backchannel)
    {
        var report = await server.Seeding.SeedProvidersAsync(
        [
            new ProviderSeed(clientId, "Portail " + clientId, [OidcServer.RedirectUri], ["openid", "profile", "offline_access"],
                [AuthMethod.Password, AuthMethod.Sms], Sector: clientId + ".example.ma", ClientSecret: OidcServer.ClientSecret,
                BackchannelLogoutUri: backchannel.ToString()),
        ], CancellationToken.None);
        Assert.Empty(report.Failures);
    }

    private async Task<(string Subject, System.Text.Json.JsonElement Tokens, OidcClient Client)> LogInAsync(string clientId, TestCitizen citizen)
    {
        var (code, request, browser) = await Login.CodeAsync(server, citizen.Number, new AuthorizationRequest(clientId, "openid profile offline_access"));
        browser.Dispose();
        var client = new OidcClient(server, clientId);
        var (status, tokens) = await client.RedeemAsync(code, request);
        Assert.Equal(HttpStatusCode.OK, status);
        var idToken = await client.ValidateAsync(tokens.GetProperty("id_token").GetString()!);
        Assert.True(idToken.IsValid);
        return ((string)idToken.Claims["sub"], tokens, client);
    }

    private static async Task<T> WaitForAsync<T>(Func<T?> probe)
        where T : class
    {
        using var timeout = new CancellationTokenSource(Within);
        while (true)
        {
            if (probe() is { } found)
            {
                return found;
            }

            await Task.Delay(20, timeout.Token);
        }
    }

    private static byte[] Certificate()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=CNIE test card", key, HashAlgorithmName.SHA256);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(5));
        return certificate.Export(X509ContentType.Cert);
    }

    private static async Task<PendingLogout[]> WaitForAsync(IBackchannelLogoutGrain queue, Func<PendingLogout[], bool> condition)
    {
        using var timeout = new CancellationTokenSource(Within);
        while (true)
        {
            var pending = await queue.GetPendingAsync();
            if (condition(pending))
            {
                return pending;
            }

            await Task.Delay(20, timeout.Token);
        }
    }
}
