using System.Net;
using Hawiya.Contracts.Common;
using Hawiya.Contracts.Providers;
using Hawiya.Server.Operators;
using Hawiya.Server.Traffic;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Hawiya.Server.Tests.Traffic;

/// <summary>A provider's quota is shared among the active silos: each holds its part of the burst.</summary>
public sealed class TwoSiloQuotaTests : IAsyncLifetime
{
    private const string Secret = "a-long-random-secret-for-the-poll-site";
    private readonly string _clusterId = TestDatabase.NewClusterId();
    private MemberFactory _a = null!;
    private MemberFactory _b = null!;

    public async Task InitializeAsync()
    {
        await TestDatabase.EnsureSchemaAsync();
        _a = new MemberFactory(_clusterId);
        _b = new MemberFactory(_clusterId);
        _ = _a.Server;
        _ = _b.Server;
        foreach (var member in new[] { _a, _b })
        {
            var membership = member.Services.GetRequiredService<IClusterMembershipService>();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            while (membership.CurrentSnapshot.Members.Values.Count(m => m.Status == SiloStatus.Active) < 2)
            {
                await Task.Delay(200, timeout.Token);
            }
        }
    }

    public async Task DisposeAsync()
    {
        await _b.DisposeAsync();
        await _a.DisposeAsync();
    }

    [Fact]
    public async Task TokenRequests_FloodOnBothSilos_EachAdmitsItsShareOfTheBurst()
    {
        var clientId = "flood-" + Guid.NewGuid().ToString("N")[..10];
        // A rate so low that no token comes back during the test: only the burst is admitted.
        var report = await _a.Services.GetRequiredService<OperatorSeeding>().SeedProvidersAsync(
        [
            new ProviderSeed(clientId, "Flood", ["http://127.0.0.1:7001/callback"], ["openid"], [AuthMethod.Password],
                Sector: clientId + ".example.ma", ClientSecret: Secret, Quota: new ProviderQuota { RequestsPerSecond = 0.001, Burst = 8 }),
        ], CancellationToken.None);
        Assert.Empty(report.Failures);
        await _a.Services.GetRequiredService<ProviderQuotas>().LoadAsync(clientId);
        await _b.Services.GetRequiredService<ProviderQuotas>().LoadAsync(clientId);

        var throughA = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => TokenAsync(_a, clientId)));
        var throughB = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => TokenAsync(_b, clientId)));

        Assert.Equal(4, throughA.Count(s => s == HttpStatusCode.OK));
        Assert.Equal(4, throughB.Count(s => s == HttpStatusCode.OK));
        Assert.All(throughA.Concat(throughB).Where(s => s != HttpStatusCode.OK), s => Assert.Equal(HttpStatusCode.TooManyRequests, s));
    }

    private static async Task<HttpStatusCode> TokenAsync(MemberFactory member, string clientId)
    {
        using var client = member.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/connect/token")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["grant_type"] = "client_credentials" }),
        };
        request.Headers.Authorization = ServerFactory.Basic(clientId, Secret);
        using var response = await client.SendAsync(request);
        return response.StatusCode;
    }

    private sealed class MemberFactory(string clusterId) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Development");
            foreach (var (name, value) in SiloHost.Settings(clusterId, clusterId))
            {
                builder.UseSetting(name, value);
            }
        }
    }
}
