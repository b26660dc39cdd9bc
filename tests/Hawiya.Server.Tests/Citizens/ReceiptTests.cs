using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Hawiya.Contracts.Common;
using Hawiya.Contracts.Journal;
using Hawiya.Gateways.Outbox;
using Hawiya.Grains.Journal;
using Hawiya.Receipts;
using Hawiya.Server.Tests.Oidc;
using Microsoft.Extensions.DependencyInjection;

namespace Hawiya.Server.Tests.Citizens;

/// <summary>Receipts end to end: the ID token names one, the provider fetches it and verifies it against the receipt JWKS.</summary>
[Collection(OidcCollection.Name)]
public sealed class ReceiptTests(OidcServer server)
{
    [Fact]
    public async Task Login_IdTokenNamesAReceipt_ProviderFetchesAndVerifiesIt()
    {
        var citizen = await server.NewCitizenAsync();
        var (idToken, _) = await LogInAsync(citizen);
        var receiptId = (string)idToken.Claims[ReceiptNames.IdTokenClaim];

        using var http = new HttpClient { BaseAddress = server.Issuer };
        var (status, jws) = await FetchAsync(http, receiptId, OidcServer.ClientId, OidcServer.ClientSecret);

        Assert.Equal(HttpStatusCode.OK, status);
        var verifier = ReceiptVerifier.FromJwks(await http.GetStringAsync("/receipts/jwks"));
        var check = verifier.Verify(jws);
        Assert.True(check.IsValid, check.Error);
        var receipt = check.Receipt!;
        Assert.Equal(receiptId, receipt.Id);
        Assert.Equal(OidcServer.ClientId, receipt.ClientId);
        Assert.Equal(idToken.Claims["sub"], receipt.Subject);
        Assert.Equal(idToken.Claims["acr"], receipt.Acr);
        Assert.Equal(server.Issuer.ToString(), receipt.Issuer);
        Assert.Contains("pwd", receipt.Amr);
    }

    [Fact]
    public async Task Login_TwoLogins_CitizenChainVerifies()
    {
        var citizen = await server.NewCitizenAsync();
        await LogInAsync(citizen);
        await LogInAsync(citizen);
        using var http = new HttpClient { BaseAddress = server.Issuer };

        var receipts = await server.Grains.GetGrain<ICitizenJournalGrain>(CitizenKey(citizen)).ListReceiptsAsync();
        var report = ReceiptVerifier.FromJwks(await http.GetStringAsync("/receipts/jwks")).VerifyChain(receipts.Select(r => r.Receipt).ToArray());

        Assert.Equal(2, receipts.Length);
        Assert.True(report.IsValid, string.Join("; ", report.Receipts.Select(r => r.Error)));
    }

    [Fact]
    public async Task Fetch_WrongSecretOrNone_Unauthorized()
    {
        var citizen = await server.NewCitizenAsync();
        var (idToken, _) = await LogInAsync(citizen);
        var receiptId = (string)idToken.Claims[ReceiptNames.IdTokenClaim];
        using var http = new HttpClient { BaseAddress = server.Issuer };

        var (wrong, _) = await FetchAsync(http, receiptId, OidcServer.ClientId, "not-the-secret");
        var none = await http.GetAsync($"/receipts/{Uri.EscapeDataString(receiptId)}");

        Assert.Equal(HttpStatusCode.Unauthorized, wrong);
        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        Assert.Contains("invalid_client", await none.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Fetch_AnotherProvidersReceipt_NotFound()
    {
        var citizen = await server.NewCitizenAsync();
        var (idToken, _) = await LogInAsync(citizen);
        var receiptId = (string)idToken.Claims[ReceiptNames.IdTokenClaim];
        using var http = new HttpClient { BaseAddress = server.Issuer };

        var (other, _) = await FetchAsync(http, receiptId, OidcServer.RsaClientId, OidcServer.ClientSecret);
        var (malformed, _) = await FetchAsync(http, "no-such-receipt", OidcServer.ClientId, OidcServer.ClientSecret);

        Assert.Equal(HttpStatusCode.NotFound, other);
        Assert.Equal(HttpStatusCode.BadRequest, malformed);
    }

    [Fact]
    public async Task Discovery_AnnouncesReceiptClaimAndBackchannelLogout()
    {
        using var http = new HttpClient { BaseAddress = server.Issuer };
        using var discovery = System.Text.Json.JsonDocument.Parse(await http.GetStringAsync(".well-known/openid-configuration"));

        Assert.Contains(discovery.RootElement.GetProperty("claims_supported").EnumerateArray(), c => c.GetString() == ReceiptNames.IdTokenClaim);
        Assert.True(discovery.RootElement.GetProperty("backchannel_logout_supported").GetBoolean());
    }

    [Fact]
    public async Task Login_BurstAtOneProvider_OneAlertNowAndOneCountedAlertAfterTheWindow()
    {
        var citizen = await server.NewCitizenAsync();
        for (var i = 0; i < 3; i++)
        {
            await LogInAsync(citizen);
        }

        var first = await WaitForMessagesAsync(OutboxChannel.Email, Email(citizen), 1);
        server.Time.Advance(new AlertOptions().CoalescingWindow + TimeSpan.FromSeconds(1));
        var both = await WaitForMessagesAsync(OutboxChannel.Email, Email(citizen), 2);

        Assert.Contains("connexion à Portail tax-portal", first[0].Body);
        Assert.Contains("/not-me", first[0].Body);
        Assert.DoesNotContain(citizen.Number, first[0].Body);
        Assert.Contains("2 connexions à Portail tax-portal", both[0].Body);
        // The sender reports to the journal after the gateway took the message: wait for that report.
        var journal = server.Grains.GetGrain<ICitizenJournalGrain>(CitizenKey(citizen));
        await AlertPushTests.WaitForAsync(async () => (await journal.GetPendingAlertsAsync()).Length == 0 ? journal : null);
        Assert.Empty(server.Outbox.GetMessages(OutboxChannel.Sms, citizen.Phone));
    }

    [Fact]
    public async Task Login_CitizenChoseSms_AlertBySms()
    {
        var citizen = await server.NewCitizenAsync();
        await server.Grains.GetGrain<ICitizenJournalGrain>(CitizenKey(citizen)).SetAlertPreferencesAsync(new AlertPreferences { Use = AlertChannel.Sms });

        await LogInAsync(citizen);

        var sms = await WaitForMessagesAsync(OutboxChannel.Sms, citizen.Phone, 1);
        Assert.Contains("connexion à Portail tax-portal", sms[0].Body);
        Assert.Contains("(niveau eidas1)", sms[0].Body);
    }

    private static string Email(TestCitizen citizen) => citizen.Number.ToLowerInvariant() + "@example.ma";

    private string CitizenKey(TestCitizen citizen) => server.Services.GetRequiredService<PseudonymKeys>().Citizen(citizen.Number);

    private async Task<IReadOnlyList<OutboxEntry>> WaitForMessagesAsync(OutboxChannel channel, string recipient, int count)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            var messages = server.Outbox.GetMessages(channel, recipient);
            if (messages.Count >= count)
            {
                return messages;
            }

            await Task.Delay(20, timeout.Token);
        }
    }

    private async Task<(Microsoft.IdentityModel.Tokens.TokenValidationResult IdToken, System.Text.Json.JsonElement Tokens)> LogInAsync(TestCitizen citizen)
    {
        var (code, request, browser) = await Login.CodeAsync(server, citizen.Number);
        browser.Dispose();
        using var client = new OidcClient(server);
        var (status, tokens) = await client.RedeemAsync(code, request);
        Assert.Equal(HttpStatusCode.OK, status);
        var idToken = await client.ValidateAsync(tokens.GetProperty("id_token").GetString()!);
        Assert.True(idToken.IsValid);
        return (idToken, tokens);
    }

    private static async Task<(HttpStatusCode, string)> FetchAsync(HttpClient http, string receiptId, string clientId, string secret)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/receipts/{Uri.EscapeDataString(receiptId)}");
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes(Uri.EscapeDataString(clientId) + ":" + Uri.EscapeDataString(secret))));
        using var response = await http.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }
}
