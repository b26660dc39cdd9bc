using Hawiya.Contracts.Common;
using Hawiya.Contracts.Providers;
using Hawiya.Server.Oidc.Endpoints;
using Hawiya.Server.Operators;
using Microsoft.AspNetCore.Http;

namespace Hawiya.Server.Tests.Oidc;

/// <summary>A provider is read once per HTTP request, and again by the next one.</summary>
[Collection(OidcCollection.Name)]
public sealed class RequestProvidersTests(OidcServer server)
{
    private async Task<string> NewProviderAsync()
    {
        var clientId = "rp-" + Guid.NewGuid().ToString("N")[..12];
        var report = await server.Seeding.SeedProvidersAsync(
        [
            new ProviderSeed(clientId, "Portail " + clientId, [OidcServer.RedirectUri], ["openid", "profile"], [AuthMethod.Password],
                Sector: clientId + ".example.ma", MinimumLevel: LevelOfAssurance.Low, ClientSecret: OidcServer.ClientSecret),
        ], CancellationToken.None);
        Assert.Empty(report.Failures);
        return clientId;
    }

    [Fact]
    public async Task GetAsync_SameRequest_SharesOneRead()
    {
        var accessor = new HttpContextAccessor { HttpContext = new DefaultHttpContext() };
        var providers = new RequestProviders(new GrainRef<IServiceProviderGrain>(server.Grains), accessor);

        var first = providers.GetAsync(OidcServer.ClientId);
        var second = providers.GetAsync(OidcServer.ClientId);

        Assert.Same(first, second);
        Assert.True((await first).IsAccredited);
    }

    [Fact]
    public async Task GetAsync_ProviderSuspendedBetweenRequests_NextRequestSeesIt()
    {
        var clientId = await NewProviderAsync();
        var accessor = new HttpContextAccessor { HttpContext = new DefaultHttpContext() };
        var providers = new RequestProviders(new GrainRef<IServiceProviderGrain>(server.Grains), accessor);
        Assert.True((await providers.GetAsync(clientId)).IsAccredited);

        Assert.True((await server.Grains.GetGrain<IServiceProviderGrain>(clientId).SuspendAsync("audit")).Succeeded);
        accessor.HttpContext = new DefaultHttpContext();

        Assert.False((await providers.GetAsync(clientId)).IsAccredited);
    }

    [Fact]
    public async Task GetAsync_OutsideARequest_ReadsTheGrainEachTime()
    {
        var providers = new RequestProviders(new GrainRef<IServiceProviderGrain>(server.Grains), new HttpContextAccessor());

        Assert.NotSame(providers.GetAsync(OidcServer.ClientId), providers.GetAsync(OidcServer.ClientId));
        Assert.True((await providers.GetAsync(OidcServer.ClientId)).IsAccredited);
    }
}
