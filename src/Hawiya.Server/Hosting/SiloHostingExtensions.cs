using System.Net;
using Hawiya.Contracts.Common;
using Hawiya.Grains;
using Hawiya.Grains.Credentials;
using Hawiya.Grains.Sessions;
using Hawiya.Grains.Unicity;
using Hawiya.Server.Database;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Npgsql;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Serialization;
using Orleans.Storage;

namespace Hawiya.Server.Hosting;

public static class SiloHostingExtensions
{
    /// <summary>The ADO.NET invariant name of Npgsql, which Orleans uses to pick its PostgreSQL dialect.</summary>
    public const string PostgresInvariant = "Npgsql";

    /// <summary>
    /// An Orleans silo in this host, with clustering, grain storage and reminders on
    /// PostgreSQL, and the settings and services every grain relies on.
    /// </summary>
    public static IHostApplicationBuilder AddHawiyaSilo(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSettingsCheck();
        var kubernetes = KubernetesHosting.IsEnabled(builder.Configuration, Environment.GetEnvironmentVariable);
        services.AddOptions<ClusterSettings>().BindConfiguration(ClusterSettings.Section).ValidateDataAnnotations()
            .Validate(s => !kubernetes || !IPAddress.TryParse(s.AdvertisedAddress, out var address) || !IPAddress.IsLoopback(address),
                "Hawiya:Cluster:AdvertisedAddress is a loopback address under Kubernetes; set it to the pod's IP (status.podIP).")
            .ValidateOnStart();
        services.AddOptions<DatabaseSettings>().BindConfiguration(DatabaseSettings.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<SecretSettings>().BindConfiguration(SecretSettings.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<SecretSettings>, SecretSettingsValidation>();
        services.AddSingleton<IValidateOptions<DatabaseSettings>, DatabaseSettingsValidation>();
        services.AddOptions<Hawiya.Grains.Citizens.Sealing.ContactSealOptions>().BindConfiguration(Hawiya.Grains.Citizens.Sealing.ContactSealOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<Hawiya.Grains.Citizens.Sealing.ContactSealOptions>, ContactSealSettingsValidation>();
        services.AddHawiyaGrains();
        services.AddHawiyaOutageHandling();
        // The database outside Orleans' own providers: the participation ledger, the
        // shared key table, the readiness check.
        services.TryAddSingleton(sp => NpgsqlDataSource.Create(sp.GetRequiredService<IOptions<DatabaseSettings>>().Value.PooledConnectionString()));
        services.AddOptions<ParticipationLedgerSettings>().BindConfiguration(ParticipationLedgerSettings.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<PostgresParticipationLedger>();
        services.AddSingleton<IParticipationLedger>(sp => sp.GetRequiredService<PostgresParticipationLedger>());
        // Grain references without the per-call reflection of GetGrain (see GrainRef).
        services.AddSingleton(typeof(Hawiya.Contracts.Common.GrainRef<>));
        services.AddOptions<LevelOptions>().BindConfiguration(LevelOptions.Section);
        services.AddOptions<PasswordHashingOptions>().BindConfiguration(PasswordHashingOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<PasswordPolicyOptions>().BindConfiguration(PasswordHashingOptions.Section).ValidateDataAnnotations()
            .Validate(o => o.BlocklistFile is not { Length: > 0 } file || File.Exists(file), "Hawiya:Passwords:BlocklistFile names a file that does not exist.").ValidateOnStart();
        services.AddSingleton(sp => new PseudonymKeys(
            DevelopmentSecrets.ReadKey(sp.GetRequiredService<IOptions<SecretSettings>>().Value.PseudonymKey)));

        // Registered before Orleans: its StartingAsync runs before the silo reads its queries.
        services.AddHostedService<SchemaMigrationService>();

        // Orleans options are bound from the validated settings when the silo starts, not
        // read here, so that every configuration source (tests included) is seen.
        services.AddOptions<ClusterOptions>().Configure<IOptions<ClusterSettings>>((o, s) =>
        {
            o.ClusterId = s.Value.ClusterId;
            o.ServiceId = s.Value.ServiceId;
        });
        services.AddOptions<SiloOptions>().Configure<IOptions<ClusterSettings>>((o, s) =>
            o.SiloName = s.Value.SiloName ?? $"{Environment.MachineName}-{s.Value.SiloPort}");
        services.AddOptions<ClusterMembershipOptions>().Configure<IOptions<FailureDetectionSettings>>((o, s) => s.Value.ApplyTo(o));
        services.AddOptions<SiloMessagingOptions>().Configure<IOptions<FailureDetectionSettings>>((o, s) => o.ResponseTimeout = s.Value.CallTimeout);
        services.AddOptions<EndpointOptions>().Configure<IOptions<ClusterSettings>>((o, s) =>
        {
            var address = IPAddress.Parse(s.Value.AdvertisedAddress);
            o.AdvertisedIPAddress = address;
            o.SiloPort = s.Value.SiloPort;
            o.GatewayPort = s.Value.GatewayPort;
            o.SiloListeningEndpoint = new IPEndPoint(address, s.Value.SiloPort);
            o.GatewayListeningEndpoint = new IPEndPoint(address, s.Value.GatewayPort);
        });

        var census = builder.Configuration.GetValue<bool>(GrainCallCensus.Setting);
        builder.UseOrleans(silo =>
        {
            if (kubernetes)
            {
                // Registered after the options above: the pod's name becomes the silo's name. The
                // addresses stay ours (Hawiya:Cluster:AdvertisedAddress is the pod's IP in infra/k8s).
                silo.UseKubernetesHosting();
            }

            if (census)
            {
                silo.Services.AddSingleton<GrainCallCensus>();
                silo.Services.AddSingleton<IIncomingGrainCallFilter>(sp => sp.GetRequiredService<GrainCallCensus>());
            }

            silo.UseAdoNetClustering((OptionsBuilder<AdoNetClusteringSiloOptions> clustering) =>
                clustering.Configure<IOptions<DatabaseSettings>>((o, db) =>
                {
                    o.Invariant = PostgresInvariant;
                    o.ConnectionString = db.Value.PooledConnectionString();
                }));
            silo.AddAdoNetGrainStorage(StorageNames.Default, (OptionsBuilder<AdoNetGrainStorageOptions> storage) =>
                storage.Configure<IOptions<DatabaseSettings>, Serializer>((o, db, serializer) =>
                {
                    o.Invariant = PostgresInvariant;
                    o.ConnectionString = db.Value.PooledConnectionString();
                    // Orleans' own binary format: compact, fast, and tolerant to added [Id] members.
                    o.GrainStorageSerializer = new OrleansGrainStorageSerializer(serializer);
                }));
            silo.UseAdoNetReminderService((OptionsBuilder<AdoNetReminderTableOptions> reminders) =>
                reminders.Configure<IOptions<DatabaseSettings>>((o, db) =>
                {
                    o.Invariant = PostgresInvariant;
                    o.ConnectionString = db.Value.PooledConnectionString();
                }));
        });
        return builder;
    }

    /// <summary>
    /// What keeps a fault from becoming a wait or a 500: failure detection and call timeouts, the
    /// retry of repeatable requests that met a lost silo, the storage circuit with its probe, and
    /// the graceful stop (docs/reliability.md).
    /// </summary>
    private static IServiceCollection AddHawiyaOutageHandling(this IServiceCollection services)
    {
        services.AddOptions<FailureDetectionSettings>().BindConfiguration(FailureDetectionSettings.Section).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<SiloLossRetry>();
        services.AddOptions<DrainSettings>().BindConfiguration(DrainSettings.Section).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<StorageCircuit>();
        services.AddHostedService<StorageCircuitProbe>();
        services.TryAddSingleton<SiloDrain>();
        services.AddHostedService(sp => sp.GetRequiredService<SiloDrain>());
        // Room for the drain, the requests under way and the grains' deactivation writes.
        services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(60));
        return services;
    }
}
