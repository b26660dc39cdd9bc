using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using Hawiya.Contracts.Providers;
using Hawiya.Contracts.Common;
using Hawiya.Gateways.Outbox;
using Hawiya.Hsm;
using Hawiya.Hsm.Tests.Support;
using Hawiya.Server.Oidc.Keys;
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
public class OidcServer : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string ClientId = "tax-portal";
    public const string ClientSecret = "a-long-random-secret-for-the-tax-portal";
    public const string RedirectUri = "http://127.0.0.1:7001/callback";
    public const string PostLogoutUri = "http://127.0.0.1:7001/bye";
    public const string SuspendedClientId = "suspended-portal";
    public const string StrongClientId = "pension-fund";
    public const string RsaClientId = "rsa-portal";
    public const string Password = "correct horse battery staple";
    public const string JwtClientId = "jwt-portal";
    /// <summary>A provider registered for client_secret_post (the secret in the body, RFC 6749 §2.3.1).</summary>
    public const string PostClientId = "post-portal";
    public const string ActiveKeyId = "es256-active";
    public const string NextKeyId = "es256-next";
    /// <summary>A provider that asks for eidas2 and allows push and face.</summary>
    public const string DeviceClientId = "device-portal";

    /// <summary>The key the private_key_jwt client signs its assertions with (RFC 7523).</summary>
    public ECDsa JwtClientKey { get; } = ECDsa.Create(ECCurve.NamedCurves.nistP256);

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
        // Keys in the HSM, as in production: an active ES256 key, RS256, and the next ES256 key,
        // published ahead of its activation (the rotation path). The silo finds them by label
        // (SiloHost.Settings names the token and this namespace).
        using (var token = HsmToken.Open(TestToken.Settings(KeyNamespace)))
        {
            foreach (var (id, type, from) in SigningKeys(Time.GetUtcNow()))
            {
                var label = new HsmKeyName(KeyNamespace, OidcKeyRing.HsmPurpose, id, DateTimeOffset.FromUnixTimeSeconds(from.ToUnixTimeSeconds())).ToLabel();
                _ = type == HsmKeyType.Rsa ? token.GenerateRsa(label) : token.GenerateEcP256(label);
            }
        }

        builder.UseSetting("Hawiya:Oidc:EncryptionKey", Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
        foreach (var (key, value) in MoreSettings())
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureServices(services =>
        {
            services.AddSingleton<TimeProvider>(Time);
            ConfigureMoreServices(services);
            foreach (var area in new[] { TimeProviderNames.SystemTimers, TimeProviderNames.Membership, TimeProviderNames.Messaging, TimeProviderNames.ActivationManagement, TimeProviderNames.GrainDirectory })
            {
                services.AddKeyedSingleton(area, TimeProvider.System);
            }
        });
    }

    /// <summary>The namespace of this server's keys in the test token (its cluster id: no other server shares it).</summary>
    public string KeyNamespace => _clusterId;

    /// <summary>The Orleans service id this server's grain states are stored under (its cluster id too).</summary>
    public string ServiceId => _clusterId;

    /// <summary>The OIDC signing keys generated in the token before the server starts.</summary>
    protected virtual IEnumerable<(string KeyId, HsmKeyType Type, DateTimeOffset ActiveFrom)> SigningKeys(DateTimeOffset now) =>
    [
        (ActiveKeyId, HsmKeyType.EcP256, now.AddDays(-1)),
        ("rs256-active", HsmKeyType.Rsa, now.AddDays(-1)),
        (NextKeyId, HsmKeyType.EcP256, now.AddDays(30)),
    ];

    /// <summary>Services a fixture built on this one adds or replaces.</summary>
    protected virtual void ConfigureMoreServices(IServiceCollection services)
    {
    }

    /// <summary>Settings a fixture built on this one adds or overrides.</summary>
    protected virtual IEnumerable<KeyValuePair<string, string?>> MoreSettings() => [];

    /// <summary>False for a server started on a database that already holds the providers (a restored backup).</summary>
    protected virtual bool SeedsProviders => true;

    public virtual async Task InitializeAsync()
    {
        await TestDatabase.EnsureSchemaAsync();
        UseKestrel(o => o.Listen(IPAddress.Loopback, _port));
        StartServer();
        if (SeedsProviders)
        {
            await SeedProvidersAsync();
        }
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

    /// <summary>RFC 7518 §6.2.1: the public part of a P-256 key as a JWK.</summary>
    private static Dictionary<string, string> PublicJwk(ECDsa key, string keyId)
    {
        var p = key.ExportParameters(includePrivateParameters: false);
        return new()
        {
            ["kty"] = "EC",
            ["crv"] = "P-256",
            ["x"] = System.Buffers.Text.Base64Url.EncodeToString(p.Q.X),
            ["y"] = System.Buffers.Text.Base64Url.EncodeToString(p.Q.Y),
            ["kid"] = keyId,
            ["use"] = "sig",
            ["alg"] = "ES256",
        };
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
            Provider(PostClientId) with { ClientAuthMethod = ClientAuthMethod.ClientSecretPost },
            Provider(DeviceClientId, LevelOfAssurance.Substantial) with { AllowedMethods = [AuthMethod.Password, AuthMethod.Sms, AuthMethod.Email, AuthMethod.Push, AuthMethod.Face] },
            CitizenAppClient.Seed,
            Provider(JwtClientId) with
            {
                ClientAuthMethod = ClientAuthMethod.PrivateKeyJwt,
                ClientSecret = null,
                Jwks = JsonSerializer.Serialize(new { keys = new[] { PublicJwk(JwtClientKey, "jwt-client-1") } }),
            },
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
