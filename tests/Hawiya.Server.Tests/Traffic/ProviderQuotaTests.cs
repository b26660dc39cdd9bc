using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Hawiya.Contracts.Common;
using Hawiya.Contracts.Providers;
using Hawiya.Server.Operators;
using Hawiya.Server.Tests.Oidc;
using Hawiya.Server.Traffic;
using Microsoft.Extensions.DependencyInjection;

namespace Hawiya.Server.Tests.Traffic;

/// <summary>
/// One provider floods the token endpoint while another is measured, on the real server. The
/// server's clock stands still in this collection, so buckets do not refill during the test and
/// the counts are exact.
/// </summary>
[Collection(OidcCollection.Name)]
public sealed class ProviderQuotaTests(OidcServer server)
{
    [Fact]
    public async Task TokenRequests_OneProviderFloods_ItGets429WithRetryAfterAndTheOtherIsServed()
    {
        var flooder = await NewProviderAsync(new ProviderQuota { RequestsPerSecond = 1, Burst = 5 });
        var measured = await NewProviderAsync(new ProviderQuota { RequestsPerSecond = 1000, Burst = 1000 });
        var quotas = server.Services.GetRequiredService<ProviderQuotas>();
        await quotas.LoadAsync(flooder);
        await quotas.LoadAsync(measured);

        var flood = Enumerable.Range(0, 30).Select(_ => ClientCredentialsAsync(flooder)).ToArray();
        var served = Enumerable.Range(0, 30).Select(_ => ClientCredentialsAsync(measured)).ToArray();
        var flooded = await Task.WhenAll(flood);
        var measuredAnswers = await Task.WhenAll(served);

        Assert.Equal(5, flooded.Count(r => r.Status == HttpStatusCode.OK));
        var refused = flooded.Where(r => r.Status != HttpStatusCode.OK).ToArray();
        Assert.Equal(25, refused.Length);
        Assert.All(refused, r =>
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, r.Status);
            Assert.True(r.RetryAfter >= 1, "Retry-After is at least one second");
            Assert.Equal("rate_limited", r.Error);
        });
        Assert.All(measuredAnswers, r => Assert.Equal(HttpStatusCode.OK, r.Status));
    }

    [Fact]
    public async Task AuthorizeRequests_AnAttackerNamesTheProvider_ItsGenuineRequestsAreNot429()
    {
        // Issue 26, finding 2: the quota was charged to the client_id a request merely names.
        var victim = await NewProviderAsync(new ProviderQuota { RequestsPerSecond = 1, Burst = 5 });
        await server.Services.GetRequiredService<ProviderQuotas>().LoadAsync(victim);
        using var attacker = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = server.Issuer };

        var spent = await Task.WhenAll(Enumerable.Range(0, 30).Select(_ => attacker.GetAsync($"/connect/authorize?client_id={victim}")));
        var genuine = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => ClientCredentialsAsync(victim)));

        Assert.DoesNotContain(spent, r => r.StatusCode == HttpStatusCode.TooManyRequests);
        Assert.All(genuine, r => Assert.Equal(HttpStatusCode.OK, r.Status));
        var afterQuota = await ClientCredentialsAsync(victim);
        Assert.Equal(HttpStatusCode.TooManyRequests, afterQuota.Status);
    }

    [Fact]
    public async Task ClusterView_AfterAFlood_ShowsEachProvidersRateAdmittedAndRejected()
    {
        var flooder = await NewProviderAsync(new ProviderQuota { RequestsPerSecond = 1, Burst = 2 });
        await server.Services.GetRequiredService<ProviderQuotas>().LoadAsync(flooder);
        await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => ClientCredentialsAsync(flooder)));

        await server.Services.GetRequiredService<TrafficReporter>().ReportNowAsync();
        using var operatorClient = new HttpClient { BaseAddress = server.Issuer };
        operatorClient.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ServerFactory.OperatorToken);
        var view = JsonDocument.Parse(await operatorClient.GetStringAsync("/operator/cluster")).RootElement;
        var html = await HtmlAsync(operatorClient);

        var row = Assert.Single(view.GetProperty("traffic").EnumerateArray().SelectMany(s => s.GetProperty("providers").EnumerateArray()),
            p => p.GetProperty("clientId").GetString() == flooder);
        Assert.Equal(2, row.GetProperty("admitted").GetInt64());
        Assert.Equal(4, row.GetProperty("rejected").GetInt64());
        Assert.True(row.TryGetProperty("requestsPerSecond", out _));
        Assert.Contains(flooder, html, StringComparison.Ordinal);
    }

    private static async Task<string> HtmlAsync(HttpClient client)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/operator/cluster");
        request.Headers.Accept.ParseAdd("text/html");
        using var response = await client.SendAsync(request);
        return await response.Content.ReadAsStringAsync();
    }

    private async Task<string> NewProviderAsync(ProviderQuota quota)
    {
        var clientId = "quota-" + Guid.NewGuid().ToString("N")[..10];
        var report = await server.Seeding.SeedProvidersAsync(
        [
            new ProviderSeed(clientId, "Portail " + clientId, [OidcServer.RedirectUri], ["openid"], [AuthMethod.Password],
                Sector: clientId + ".example.ma", ClientSecret: OidcServer.ClientSecret, Quota: quota),
        ], CancellationToken.None);
        Assert.Empty(report.Failures);
        return clientId;
    }

    private async Task<(HttpStatusCode Status, int RetryAfter, string? Error)> ClientCredentialsAsync(string clientId)
    {
        using var http = new HttpClient { BaseAddress = server.Issuer };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/connect/token")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["grant_type"] = "client_credentials" }),
        };
        request.Headers.Authorization = ServerFactory.Basic(clientId, OidcServer.ClientSecret);
        using var response = await http.SendAsync(request);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        var retryAfter = response.Headers.RetryAfter?.Delta is { } delta ? (int)delta.TotalSeconds : 0;
        return (response.StatusCode, retryAfter, body.TryGetProperty("error", out var error) ? error.GetString() : null);
    }
}
