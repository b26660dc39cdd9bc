using System.Diagnostics;
using System.Globalization;
using Hawiya.Contracts.Citizens;
using Hawiya.Contracts.Common;
using Hawiya.Contracts.Sessions;
using Hawiya.Grains.Credentials;
using Hawiya.Server.Hosting;
using Microsoft.Extensions.Options;

// Measures the managed memory one grain activation holds in a silo configured as in
// production (PostgreSQL storage, Orleans binary serializer): idle citizens after a login,
// and login sessions waiting for a one-time code. Usage and method: docs/benchmarks.md.
var citizens = Arg("--citizens", 20_000);
var sessions = Arg("--sessions", 20_000);
var connection = Environment.GetEnvironmentVariable("HAWIYA_BENCH_DB")
    ?? "Host=127.0.0.1;Port=5432;Database=hawiya;Username=hawiya;Password=DEV-ONLY-hawiya;Maximum Pool Size=40";

var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Development", Args = args });
builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
{
    ["Hawiya:Cluster:ClusterId"] = "membench-" + Guid.NewGuid().ToString("N")[..8],
    ["Hawiya:Cluster:SiloPort"] = "11190",
    ["Hawiya:Cluster:GatewayPort"] = "30090",
    ["Hawiya:Database:ConnectionString"] = connection,
    ["Hawiya:Secrets:PseudonymKey"] = "DEV-ONLY-memory-bench-pseudonym-key",
    ["Hawiya:Secrets:OperatorToken"] = "DEV-ONLY-memory-bench-operator",
    ["Hawiya:Secrets:IdentitySealKey"] = "DEV-ONLY-memory-bench-seal-key",
    // Keep every activation alive for the whole measurement.
    ["Orleans:GrainCollection:CollectionAge"] = "01:00:00",
});
builder.AddHawiyaSilo();
builder.Services.Configure<Orleans.Configuration.GrainCollectionOptions>(o => o.CollectionAge = TimeSpan.FromHours(1));
await using var app = builder.Build();
await app.StartAsync();
var grains = app.Services.GetRequiredService<IGrainFactory>();
var keys = app.Services.GetRequiredService<PseudonymKeys>();
var hash = await new Argon2PasswordHasher(Options.Create(new PasswordHashingOptions())).HashAsync("a-demo-password-for-memory");

Console.WriteLine($"seeding {citizens:N0} citizens (written to PostgreSQL, then their activations dropped)");
var numbers = Enumerable.Range(0, citizens).Select(i => "MB" + i.ToString("D6", CultureInfo.InvariantCulture)).ToArray();
await ForEachAsync(numbers, n => grains.GetGrain<ICitizenGrain>(keys.Citizen(n)).ImportAsync(new CitizenImport
{
    Methods = [AuthMethod.Password, AuthMethod.Sms, AuthMethod.Email],
    Activate = true,
    Credentials = new CitizenCredentials
    {
        PasswordHash = hash,
        Phone = "+2126" + n[2..] + "00",
        Email = n.ToLowerInvariant() + "@example.ma",
        SealedIdentity = new byte[180],
    },
}));
await DropActivationsAsync();

var before = Live();
await ForEachAsync(numbers, n => grains.GetGrain<ICitizenGrain>(keys.Citizen(n)).GetLoginProfileAsync());
var afterCitizens = Live();
Report("idle citizen activation (state read from storage)", afterCitizens - before, citizens);

var ids = Enumerable.Range(0, sessions).Select(_ => "s-" + Guid.NewGuid().ToString("N")).ToArray();
var start = new SessionStart
{
    ClientId = "tax-portal",
    RequiredLevel = LevelOfAssurance.Low,
    Scopes = ["openid", "profile"],
    AllowedMethods = [AuthMethod.Password, AuthMethod.Sms, AuthMethod.Email],
    Sector = "impots.gov.ma",
};
var citizenOf = 0;
await ForEachAsync(ids, async id =>
{
    var session = grains.GetGrain<IAuthSessionGrain>(id);
    await session.BeginAsync(start);
    await session.IdentifyAsync(keys.Citizen(numbers[Interlocked.Increment(ref citizenOf) % numbers.Length]));
    await session.IssueCodeAsync(AuthMethod.Sms);
});
var afterSessions = Live();
Report("live login session (begun, identified, SMS code pending)", afterSessions - afterCitizens, sessions);
await app.StopAsync();
return;

long Live()
{
    for (var i = 0; i < 3; i++)
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
    }

    return GC.GetTotalMemory(forceFullCollection: true);
}

void Report(string what, long bytes, int count) =>
    Console.WriteLine(FormattableString.Invariant($"{what}: {bytes / (double)count:F0} bytes each ({count:N0} activations, {bytes / 1048576.0:F1} MiB)"));

async Task DropActivationsAsync()
{
    var management = grains.GetGrain<IManagementGrain>(0);
    await management.ForceActivationCollection(TimeSpan.Zero);
    var clock = Stopwatch.StartNew();
    while ((await management.GetSimpleGrainStatistics()).Where(s => s.GrainType.Contains("Citizen", StringComparison.Ordinal)).Sum(s => s.ActivationCount) > 0
        && clock.Elapsed < TimeSpan.FromSeconds(60))
    {
        await Task.Delay(500);
        await management.ForceActivationCollection(TimeSpan.Zero);
    }
}

static async Task ForEachAsync<T>(IEnumerable<T> items, Func<T, Task> action) =>
    await Parallel.ForEachAsync(items, new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (item, _) => await action(item));

int Arg(string name, int fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
}
