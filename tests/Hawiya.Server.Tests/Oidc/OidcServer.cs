using System.Net;
using Hawiya.Contracts.Common;
using Hawiya.Gateways.Outbox;
using Hawiya.Server.Operators;
using Hawiya.Server.Oidc.Release;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Hawiya.Server.Tests.Oidc;

/// <summary>
/// The whole server on a real loopback port (relying-party libraries speak real HTTP to it),
/// on the real PostgreSQL, with a clock the tests can move. Orleans' own loops keep real time.
/// </summary>
public sealed class OidcServer : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string ClientId = "tax-portal";
    public const string ClientSecret = "a-long-random-secret-for-the-tax-portal";
    public const string RedirectUri = "http://127.0.0.1:7001/callback";
    public const string PostLogoutUri = "http://127.0.0.1:7001/bye";
    public const string SuspendedClientId = "suspended-portal";
    public const string StrongClientId = "pension-fund";
    public const string RsaClientId = "rsa-portal";
    public const string Password = "correct horse battery staple";

    private readonly int _port = TestDatabase.FreePort();
    private readonly string _clusterId = TestDatabase.NewClusterId();

    public FakeTimeProvider Time { get; } = new(DateTimeOffset.UtcNow);

    public Uri Issuer => new($"http://127.0.0.1:{_port}/");

    public InMemoryOutbox Outbox => Services.GetRequiredService<InMemoryOutbox>();

    public OperatorSeeding Seeding => Services.GetRequiredService<OperatorSeeding>();

    public IGrainFactory Grains => Services.GetRequiredService<IGrainFactory>();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        foreach (var (key, value) in SiloHost.Settings(_clusterId, _clusterId))
        {
            builder.UseSetting(key, value);
        }

        builder.UseSetting("Hawiya:Oidc:Issuer", Issuer.ToString());
        builder.ConfigureServices(services =>
        {
            services.AddSingleton<TimeProvider>(Time);
            foreach (var area in new[] { TimeProviderNames.SystemTimers, TimeProviderNames.Membership, TimeProviderNames.Messaging, TimeProviderNames.ActivationManagement, TimeProviderNames.GrainDirectory })
            {
                services.AddKeyedSingleton(area, TimeProvider.System);
            }
        });
    }

    public async Task InitializeAsync()
    {
        await TestDatabase.EnsureSchemaAsync();
        UseKestrel(o => o.Listen(IPAddress.Loopback, _port));
        StartServer();
        await SeedProvidersAsync();
    }

    Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();

    /// <summary>A fresh citizen with a password and a phone.</summary>
    public async Task<TestCitizen> NewCitizenAsync(params AuthMethod[] methods)
    {
        var number = "C" + Guid.NewGuid().ToString("N")[..12].ToUpperInvariant();
        var phone = "+2126" + Random.Shared.NextInt64(10_000_000, 99_999_999);
        var report = await Seeding.SeedCitizensAsync(
        [
            new CitizenSeed(number, Activate: true, Methods: methods.Length == 0 ? [AuthMethod.Password, AuthMethod.Sms] : methods,
                Password: Password, Phone: phone, Email: number.ToLowerInvariant() + "@example.ma",
                Identity: new PivotIdentity("Salma", "Alaoui", "1992-05-14", "female", "Rabat", "MAR", Address: "1 place du Golan, Rabat")),
        ], CancellationToken.None);
        Assert.Empty(report.Failures);
        return new TestCitizen(number, phone);
    }

    private async Task SeedProvidersAsync()
    {
        ProviderSeed Provider(string clientId, LevelOfAssurance level = LevelOfAssurance.Low, string? alg = null) => new(
            clientId, "Portail " + clientId, [RedirectUri],
            ["openid", "profile", "email", "phone", "offline_access"],
            [AuthMethod.Password, AuthMethod.Sms, AuthMethod.Email],
            Sector: clientId + ".example.ma",
            PostLogoutRedirectUris: [PostLogoutUri],
            MinimumLevel: level,
            ClientSecret: ClientSecret,
            IdTokenSignedResponseAlg: alg);
        var report = await Seeding.SeedProvidersAsync(
        [
            Provider(ClientId),
            Provider(SuspendedClientId),
            Provider(StrongClientId, LevelOfAssurance.Substantial),
            Provider(RsaClientId, alg: "RS256"),
        ], CancellationToken.None);
        Assert.Empty(report.Failures);
        var suspended = await Grains.GetGrain<Contracts.Providers.IServiceProviderGrain>(SuspendedClientId).SuspendAsync("audit");
        Assert.True(suspended.Succeeded);
    }
}

public sealed record TestCitizen(string Number, string Phone);

[CollectionDefinition(Name)]
public sealed class OidcCollection : ICollectionFixture<OidcServer>
{
    public const string Name = "oidc";
}
