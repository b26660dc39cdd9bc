using System.Net;
using Hawiya.CitizenApp;
using Hawiya.Gateways.Outbox;
using Hawiya.Server.Tests.Oidc;

namespace Hawiya.Server.Tests.Citizens;

/// <summary>Alerts on the Push channel reach the citizen's devices through the push gateway (the development outbox here).</summary>
[Collection(OidcCollection.Name)]
public sealed class AlertPushTests(OidcServer server)
{
    [Fact]
    public async Task Login_CitizenWithADevice_UseAlertPushedToTheDeviceNotEmailed()
    {
        var citizen = await server.NewCitizenAsync();
        var (_, token) = await CitizenAppClient.EnrollDeviceAsync(server, citizen);

        var (_, _, browser) = await Login.CodeAsync(server, citizen.Number);
        browser.Dispose();

        var alert = await WaitForAsync(() => server.Outbox.GetMessages(OutboxChannel.Push, token).FirstOrDefault(m => Data(m, "event") == "Use"));
        Assert.Equal("alert", Data(alert, "kind"));
        Assert.Contains("connexion à Portail tax-portal", alert.Body, StringComparison.Ordinal);
        Assert.DoesNotContain(citizen.Number, alert.Body, StringComparison.Ordinal);
        Assert.Equal(["aid", "event", "kind"], alert.Data.Keys.Order(StringComparer.Ordinal));
        Assert.DoesNotContain(server.Outbox.GetMessages(OutboxChannel.Email, Email(citizen)), m => m.Body.Contains("connexion à", StringComparison.Ordinal));
    }

    [Fact]
    public async Task EnrollDevice_PushChannel_SecurityAlertPushedAndAlsoEmailed()
    {
        var citizen = await server.NewCitizenAsync();

        var (_, token) = await CitizenAppClient.EnrollDeviceAsync(server, citizen);

        var pushed = await WaitForAsync(() => server.Outbox.GetMessages(OutboxChannel.Push, token).FirstOrDefault(m => Data(m, "event") == "MethodEnrolled"));
        var emailed = await WaitForAsync(() => server.Outbox.GetMessages(OutboxChannel.Email, Email(citizen)).FirstOrDefault(m => m.Body.Contains("nouvelle méthode", StringComparison.Ordinal)));
        Assert.Contains("nouvelle méthode de connexion ajoutée", pushed.Body, StringComparison.Ordinal);
        Assert.Equal(pushed.Body, emailed.Body);
    }

    [Fact]
    public async Task ReceivePushes_AlertOnTheApp_ExposedAsAnAlertNeverAnsweredAsAChallenge()
    {
        var citizen = await server.NewCitizenAsync();
        using var app = await CitizenAppClient.EnrolledAsync(server, citizen);

        var alert = await WaitForAsync(async () => (await app.ReceiveAlertsAsync()).FirstOrDefault());
        var denied = await app.DenyPendingAsync();

        Assert.Equal(PushNotification.Alert, alert.Kind);
        Assert.False(alert.IsChallenge);
        Assert.Contains("nouvelle méthode de connexion ajoutée", alert.Body, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, denied.Status);
        Assert.Equal("no_push", denied.Error);
        Assert.Null(await app.PendingAsync(PushNotification.Approval));
    }

    private static string Email(TestCitizen citizen) => citizen.Number.ToLowerInvariant() + "@example.ma";

    private static string? Data(OutboxEntry entry, string name) => entry.Data.TryGetValue(name, out var value) ? value : null;

    /// <summary>Alerts leave on a one-way call after the journal's write: poll until one is there.</summary>
    internal static Task<T> WaitForAsync<T>(Func<T?> probe) where T : class => WaitForAsync(() => Task.FromResult(probe()));

    internal static async Task<T> WaitForAsync<T>(Func<Task<T?>> probe) where T : class
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            if (await probe() is { } found)
            {
                return found;
            }

            await Task.Delay(20, timeout.Token);
        }
    }
}
