using Hawiya.Contracts.Common;
using Hawiya.Contracts.Sessions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orleans.Hosting;
using Orleans.Runtime;
using Orleans.Storage;
using Orleans.TestingHost;

namespace Hawiya.Grains.Tests;

/// <summary>
/// One in-process test cluster for the whole collection, with memory storage and a
/// fake clock that grains see; the silo's own maintenance loops keep real time.
/// </summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    public static FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero));

    public TestCluster Cluster { get; private set; } = null!;

    public IGrainFactory Grains => Cluster.GrainFactory;

    public PseudonymKeys Keys { get; } = new(new byte[32]);

    /// <summary>The key the journal signs receipts with in these tests.</summary>
    public static System.Security.Cryptography.ECDsa ReceiptKey { get; } = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);

    /// <summary>A national number no other test uses, so every test starts from fresh grains.</summary>
    public static string NewNationalNumber() => "T" + Guid.NewGuid().ToString("N")[..15].ToUpperInvariant();

    /// <summary>The silo's grain storage, for tests that read or write a state past its grain.</summary>
    public IGrainStorage Storage =>
        ((InProcessSiloHandle)Cluster.Primary!).SiloHost!.Services.GetRequiredKeyedService<IGrainStorage>(StorageNames.Default);

    /// <summary>The state <paramref name="name"/> of <paramref name="grain"/> as storage holds it.</summary>
    public async Task<GrainState<T>> ReadStoredAsync<T>(string name, IAddressable grain)
        where T : new()
    {
        var stored = new GrainState<T>(new T());
        await Storage.ReadStateAsync(name, grain.GetGrainId(), stored);
        return stored;
    }

    public Task WriteStoredAsync<T>(string name, IAddressable grain, T state) =>
        Storage.WriteStateAsync(name, grain.GetGrainId(), new GrainState<T>(state));

    /// <summary>A new login session begun for <paramref name="clientId"/> (level low, SMS allowed); its id.</summary>
    public async Task<string> BeginSessionAsync(string clientId)
    {
        var id = "s-" + Guid.NewGuid().ToString("N")[..22];
        await Grains.GetGrain<IAuthSessionGrain>(id).BeginAsync(new SessionStart
        {
            ClientId = clientId,
            RequiredLevel = LevelOfAssurance.Low,
            Scopes = ["openid"],
            AllowedMethods = [AuthMethod.Sms],
            Sector = clientId + ".example.ma",
        });
        return id;
    }

    public async Task InitializeAsync()
    {
        var builder = new TestClusterBuilder(1);
        builder.AddSiloBuilderConfigurator<SiloConfigurator>();
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public async Task DisposeAsync() => await Cluster.DisposeAsync();

    private sealed class SiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder silo)
        {
            silo.AddMemoryGrainStorage(StorageNames.Default);
            silo.Services.AddSingleton<TimeProvider>(Time);
            silo.Services.AddHawiyaGrains();
            silo.Services.AddSingleton<Hawiya.Grains.Unicity.IParticipationLedger, Unicity.MemoryParticipationLedger>();
            silo.Services.AddSingleton(new Receipts.ReceiptSigner(ReceiptKey, "test-receipts"));
            silo.UseInMemoryReminderService();
            // Cheap Argon2 costs: these tests are about behaviour, not hashing strength.
            silo.Services.Configure<Hawiya.Grains.Credentials.PasswordHashingOptions>(o => { o.MemoryKiB = 8192; o.Iterations = 1; });
            foreach (var area in new[] { TimeProviderNames.SystemTimers, TimeProviderNames.Membership, TimeProviderNames.Messaging, TimeProviderNames.ActivationManagement, TimeProviderNames.GrainDirectory })
            {
                silo.Services.AddKeyedSingleton(area, TimeProvider.System);
            }
        }
    }
}

[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>
{
    public const string Name = "cluster";
}
