extern alias portal;
extern alias sample;
extern alias server;

using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Playwright;
using PortalProgram = portal::Program;
using SampleProgram = sample::Program;
using ServerProgram = server::Program;

namespace Hawiya.Portal.Tests.Support;

/// <summary>
/// Hawiya (a silo with its web front, on the real PostgreSQL), the sample provider and the
/// citizen portal, each on its own loopback port as in production, and Debian's Chromium
/// driven by Playwright. Every test gets a fresh citizen and a fresh browser context.
/// </summary>
public sealed class PortalStack : IAsyncLifetime
{
    public const string PortalClientId = "citizen-portal";
    public const string PortalSecret = "a-long-random-secret-for-the-citizen-portal";
    public const string SampleClientId = "tax-office";
    public const string SampleSecret = "a-long-random-secret-for-the-tax-office";
    public const string SampleName = "Bureau des impôts";
    public const string Password = "correct horse battery staple";
    private const string OperatorToken = "DEV-ONLY-test-operator-token";

    private readonly ServerFactory _server = new();
    private readonly AppFactory<SampleProgram> _sample;
    private readonly AppFactory<PortalProgram> _portal;
    private IPlaywright? _playwright;

    public PortalStack()
    {
        _sample = new AppFactory<SampleProgram>(new()
        {
            ["SampleProvider:Authority"] = _server.Issuer.ToString(),
            ["SampleProvider:ClientId"] = SampleClientId,
            ["SampleProvider:ClientSecret"] = SampleSecret,
        });
        _portal = new AppFactory<PortalProgram>(new()
        {
            ["Portal:Authority"] = _server.Issuer.ToString(),
            ["Portal:ClientId"] = PortalClientId,
            ["Portal:ClientSecret"] = PortalSecret,
        });
    }

    public Uri Issuer => _server.Issuer;

    public Uri SampleProvider => _sample.Address;

    public Uri Portal => _portal.Address;

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>Hawiya's own HTTP API, with the operator token.</summary>
    public HttpClient Operator { get; } = new();

    public async Task InitializeAsync()
    {
        await _server.StartAsync();
        Operator.BaseAddress = Issuer;
        Operator.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", OperatorToken);
        await SeedProvidersAsync();
        _sample.Start();
        _portal.Start();

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
        });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
        await _portal.DisposeAsync();
        await _sample.DisposeAsync();
        await _server.DisposeAsync();
        Operator.Dispose();
    }

    /// <summary>A fresh active citizen with a password, SMS and email.</summary>
    public async Task<TestCitizen> NewCitizenAsync()
    {
        var number = "P" + Guid.NewGuid().ToString("N")[..12].ToUpperInvariant();
        var phone = "+2126" + Random.Shared.NextInt64(10_000_000, 99_999_999);
        var seeds = new[]
        {
            new
            {
                nationalNumber = number, activate = true, methods = new[] { "Password", "Sms", "Email" },
                password = Password, phone, email = number.ToLowerInvariant() + "@example.ma",
                identity = new { givenName = "Salma", familyName = "Alaoui", birthdate = "1992-05-14", gender = "female", birthPlace = "Rabat", birthCountry = "MAR" },
            },
        };
        using var response = await Operator.PostAsJsonAsync("/operator/citizens", seeds);
        response.EnsureSuccessStatusCode();
        var report = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(0, report.GetProperty("failures").GetArrayLength());
        return new TestCitizen(number, phone);
    }

    /// <summary>The last one-time code Hawiya's development outbox holds for <paramref name="phone"/>.</summary>
    public async Task<string> LastSmsCodeAsync(string phone)
    {
        // Alerts go to the same phone (uses, "not me"), possibly after the code: take the last message that carries one.
        var messages = await Operator.GetFromJsonAsync<JsonElement>($"/dev/outbox?to={Uri.EscapeDataString(phone)}");
        return messages.EnumerateArray()
            .Select(m => System.Text.RegularExpressions.Regex.Match(m.GetProperty("body").GetString()!, @"\b[0-9]{6}\b"))
            .Last(m => m.Success).Value;
    }

    private async Task SeedProvidersAsync()
    {
        string[] methods = ["Password", "Sms", "Email"];
        var document = new
        {
            providers = new object[]
            {
                new
                {
                    clientId = SampleClientId, displayName = SampleName,
                    redirectUris = new[] { new Uri(_sample.Address, "/signin-hawiya").ToString() },
                    postLogoutRedirectUris = new[] { new Uri(_sample.Address, "/").ToString() },
                    allowedScopes = new[] { "openid", "profile", "email", "phone", "offline_access" },
                    allowedMethods = methods, sector = "tax.example.ma", minimumLevel = "Low",
                    clientAuthMethod = "ClientSecretBasic", clientSecret = SampleSecret, accredit = true,
                    backchannelLogoutUri = new Uri(_sample.Address, "/backchannel-logout").ToString(),
                },
                new
                {
                    clientId = PortalClientId, displayName = "Espace citoyen",
                    redirectUris = new[] { new Uri(_portal.Address, "/signin-hawiya").ToString() },
                    postLogoutRedirectUris = new[] { new Uri(_portal.Address, "/signout-callback-hawiya").ToString() },
                    allowedScopes = new[] { "openid", "hawiya.citizen" },
                    allowedMethods = methods, sector = "citizen.example.ma", minimumLevel = "Low",
                    clientAuthMethod = "ClientSecretPost", clientSecret = PortalSecret, accredit = true,
                },
            },
        };
        using var response = await Operator.PostAsJsonAsync("/operator/seed", document);
        response.EnsureSuccessStatusCode();
        var report = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(0, report.GetProperty("providers").GetProperty("failures").GetArrayLength());
    }

    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>A web app of the repository on its own loopback port, in Development.</summary>
    private sealed class AppFactory<TProgram>(Dictionary<string, string> settings) : WebApplicationFactory<TProgram>
        where TProgram : class
    {
        private readonly int _port = FreePort();

        public Uri Address => new($"http://127.0.0.1:{_port}/");

        public void Start()
        {
            UseKestrel(o => o.Listen(IPAddress.Loopback, _port));
            StartServer();
        }

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Development");
            builder.UseSetting("urls", Address.ToString().TrimEnd('/'));
            foreach (var (key, value) in settings)
            {
                builder.UseSetting(key, value);
            }
        }
    }

    /// <summary>Hawiya itself: its own cluster id on the shared test database, keys from configuration.</summary>
    private sealed class ServerFactory : WebApplicationFactory<ServerProgram>
    {
        private readonly int _port = FreePort();
        private readonly string _clusterId = "test-" + Guid.NewGuid().ToString("N")[..12];

        public Uri Issuer => new($"http://127.0.0.1:{_port}/");

        public static string ConnectionString { get; } =
            Environment.GetEnvironmentVariable("HAWIYA_TEST_DB")
            ?? "Host=127.0.0.1;Port=5432;Database=hawiya_test;Username=hawiya;Password=DEV-ONLY-hawiya";

        public Task StartAsync()
        {
            UseKestrel(o => o.Listen(IPAddress.Loopback, _port));
            StartServer();
            return Task.CompletedTask;
        }

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Development");
            Dictionary<string, string> settings = new()
            {
                ["urls"] = Issuer.ToString().TrimEnd('/'),
                ["Hawiya:Cluster:ClusterId"] = _clusterId,
                ["Hawiya:Cluster:ServiceId"] = _clusterId,
                ["Hawiya:Cluster:SiloPort"] = FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Hawiya:Cluster:GatewayPort"] = FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Hawiya:Database:ConnectionString"] = ConnectionString,
                ["Hawiya:Secrets:PseudonymKey"] = "DEV-ONLY-test-pseudonym-key",
                ["Hawiya:Secrets:OperatorToken"] = OperatorToken,
                ["Hawiya:Secrets:IdentitySealKey"] = "DEV-ONLY-test-identity-seal-key",
                ["Hawiya:Passwords:MemoryKiB"] = "8192",
                ["Hawiya:Passwords:Iterations"] = "1",
                ["Hawiya:Oidc:Issuer"] = Issuer.ToString(),
                // The SoftHSM2 token infra/test.sh initialises: the silo generates its keys there.
                ["Hawiya:Hsm:ModulePath"] = Environment.GetEnvironmentVariable("HAWIYA_TEST_HSM_MODULE") ?? "/usr/lib/softhsm/libsofthsm2.so",
                ["Hawiya:Hsm:TokenLabel"] = Environment.GetEnvironmentVariable("HAWIYA_TEST_HSM_TOKEN") ?? "hawiya-test",
                ["Hawiya:Hsm:Pin"] = Environment.GetEnvironmentVariable("HAWIYA_TEST_HSM_PIN") ?? "DEV-ONLY-hsm-user-pin",
                ["Hawiya:Hsm:KeyNamespace"] = _clusterId,
                ["Hawiya:Oidc:EncryptionKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            };
            foreach (var (key, value) in settings)
            {
                builder.UseSetting(key, value);
            }
        }
    }
}

public sealed record TestCitizen(string Number, string Phone);

[CollectionDefinition(Name)]
public sealed class PortalCollection : ICollectionFixture<PortalStack>
{
    public const string Name = "portal";
}
