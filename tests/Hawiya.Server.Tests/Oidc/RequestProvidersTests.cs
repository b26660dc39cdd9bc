using Hawiya.Contracts.Common;
using Hawiya.Contracts.Providers;
using Hawiya.Server.Oidc.Endpoints;
using Hawiya.Server.Operators;
using Hawiya.Server.Oidc;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Hawiya.Server.Tests.Oidc;

/// <summary>One snapshot of a provider per HTTP request, from the silo's copy: a change is seen at once where it was made, within the copy's lifetime elsewhere.</summary>
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

    private RequestProviders Providers(IHttpContextAccessor accessor) =>
        new(server.Services.GetRequiredService<ProviderSnapshots>(), accessor);

    /// <summary>Another silo's copy: its own lifetime, its own clock, and no change made through it.</summary>
    private ProviderSnapshots OtherSilo(FakeTimeProvider clock, TimeSpan lifetime) => new(
        new GrainRef<IServiceProviderGrain>(server.Grains), new ProviderSnapshots.Copies(), Options.Create(new OidcSettings { ProviderSnapshotLifetime = lifetime }), clock);

    [Fact]
    public async Task GetAsync_SameRequest_SharesOneRead()
    {
        var accessor = new HttpContextAccessor { HttpContext = new DefaultHttpContext() };
        var providers = Providers(accessor);

        var first = providers.GetAsync(OidcServer.ClientId);
        var second = providers.GetAsync(OidcServer.ClientId);

        Assert.Same(first, second);
        Assert.True((await first).IsAccredited);
    }

    [Fact]
    public async Task GetAsync_ProviderSuspendedThroughThisSilo_NextRequestSeesIt()
    {
        var clientId = await NewProviderAsync();
        var accessor = new HttpContextAccessor { HttpContext = new DefaultHttpContext() };
        var providers = Providers(accessor);
        Assert.True((await providers.GetAsync(clientId)).IsAccredited);

        Assert.True((await server.Grains.GetGrain<IServiceProviderGrain>(clientId).SuspendAsync("audit")).Succeeded);
        accessor.HttpContext = new DefaultHttpContext();

        Assert.False((await providers.GetAsync(clientId)).IsAccredited);
    }

    [Fact]
    public async Task GetAsync_RegistrationAmendedThroughThisSilo_NextRequestSeesIt()
    {
        var clientId = await NewProviderAsync();
        var accessor = new HttpContextAccessor { HttpContext = new DefaultHttpContext() };
        var providers = Providers(accessor);
        var before = (await providers.GetAsync(clientId)).Registration!;

        var amended = before with { DisplayName = "Portail modifié" };
        Assert.True((await server.Grains.GetGrain<IServiceProviderGrain>(clientId).UpdateRegistrationAsync(amended)).Succeeded);
        accessor.HttpContext = new DefaultHttpContext();

        Assert.Equal("Portail modifié", (await providers.GetAsync(clientId)).Registration!.DisplayName);
    }

    [Fact]
    public async Task GetAsync_ProviderSuspendedElsewhere_SeenOnceTheCopyExpires()
    {
        var clientId = await NewProviderAsync();
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var otherSilo = OtherSilo(clock, TimeSpan.FromSeconds(1));
        Assert.True((await otherSilo.GetAsync(clientId)).IsAccredited);

        Assert.True((await server.Grains.GetGrain<IServiceProviderGrain>(clientId).SuspendAsync("audit")).Succeeded);

        // SECURITY: the bound, not a hope: still the copy within the lifetime, the suspension after it.
        clock.Advance(TimeSpan.FromMilliseconds(900));
        Assert.True((await otherSilo.GetAsync(clientId)).IsAccredited);
        clock.Advance(TimeSpan.FromMilliseconds(100));
        Assert.False((await otherSilo.GetAsync(clientId)).IsAccredited);
    }

    [Fact]
    public async Task GetAsync_LifetimeZero_ReadsTheGrainEachTime()
    {
        var clientId = await NewProviderAsync();
        var otherSilo = OtherSilo(new FakeTimeProvider(DateTimeOffset.UtcNow), TimeSpan.Zero);
        Assert.True((await otherSilo.GetAsync(clientId)).IsAccredited);

        Assert.True((await server.Grains.GetGrain<IServiceProviderGrain>(clientId).SuspendAsync("audit")).Succeeded);

        Assert.False((await otherSilo.GetAsync(clientId)).IsAccredited);
    }

    [Fact]
    public async Task GetAsync_UnknownClient_IsNotKept()
    {
        var clientId = "rp-" + Guid.NewGuid().ToString("N")[..12];
        var otherSilo = OtherSilo(new FakeTimeProvider(DateTimeOffset.UtcNow), TimeSpan.FromSeconds(10));
        Assert.False((await otherSilo.GetAsync(clientId)).IsAccredited);

        // Accredited since, through a path this copy never saw: an unknown client was not kept.
        var report = await server.Seeding.SeedProvidersAsync(
        [
            new ProviderSeed(clientId, "Portail " + clientId, [OidcServer.RedirectUri], ["openid"], [AuthMethod.Password],
                Sector: clientId + ".example.ma", MinimumLevel: LevelOfAssurance.Low, ClientSecret: OidcServer.ClientSecret),
        ], CancellationToken.None);
        Assert.Empty(report.Failures);

        Assert.True((await otherSilo.GetAsync(clientId)).IsAccredited);
    }

    [Fact]
    public async Task GetAsync_OutsideARequest_TakesThisSilosCopy()
    {
        var providers = Providers(new HttpContextAccessor());

        Assert.True((await providers.GetAsync(OidcServer.ClientId)).IsAccredited);
        Assert.True((await providers.GetAsync(OidcServer.ClientId)).IsAccredited);
    }
}
