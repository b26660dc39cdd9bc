using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Hawiya.Grains.Credentials;
using Microsoft.Extensions.Options;

namespace Hawiya.LoadTests.Seeding;

/// <summary>What one bulk call of the operator API reported.</summary>
public sealed record SeedReport(int Succeeded, IReadOnlyList<SeedFailure> Failures);

public sealed record SeedFailure(int Index, string Error, string? Detail);

/// <summary>How a seeding went: counts, failures by error, and the rate achieved.</summary>
public sealed record SeedOutcome(string What, int Requested, int Succeeded, IReadOnlyDictionary<string, int> FailuresByError, TimeSpan Elapsed)
{
    public double PerSecond => Elapsed > TimeSpan.Zero ? Succeeded / Elapsed.TotalSeconds : 0;
}

/// <summary>
/// Bulk registration through the operator API (<c>POST /operator/providers|citizens</c>).
/// SECURITY: the password is hashed once here (Argon2id, the server's own hasher and costs) and
/// the same PHC string is sent for every citizen: a password is never sent, and preparing
/// 100,000 citizens costs one hash instead of 100,000.
/// </summary>
public sealed class Seeder(HttpClient http, Uri target, string operatorToken, Population population, TimeProvider time)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>Every load-test citizen can use both methods the current scenarios exercise.</summary>
    private static readonly string[] Methods = ["Password", "Sms"];

    /// <summary>
    /// Providers also accept Push (push-login). A citizen is offered it only once a phone is
    /// enrolled, which the push-login scenario does before its run.
    /// </summary>
    private static readonly string[] ProviderMethods = [.. Methods, "Push"];

    private static readonly string[] Scopes = ["openid", "profile", "email", "phone", "offline_access"];

    public async Task<SeedOutcome> SeedProvidersAsync(CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var seeds = Enumerable.Range(0, population.Providers).Select(i => population.Provider(i)).Select(p => new
        {
            clientId = p.ClientId,
            displayName = $"Load test provider {p.Index}",
            redirectUris = new[] { p.RedirectUri },
            allowedScopes = Scopes,
            allowedMethods = ProviderMethods,
            sector = p.Sector,
            minimumLevel = "Low",
            clientAuthMethod = "ClientSecretBasic",
            clientSecret = p.Secret,
            // Far above any rate this tool offers: the load test measures the platform, not a quota.
            quota = new { requestsPerSecond = 1_000_000.0, burst = 1_000_000 },
            accredit = true,
            // The poll-vote scenario registers a poll and asks whether each vote is the first.
            unicity = true,
        }).ToArray();
        var report = await PostAsync("/operator/providers", seeds, cancellationToken);
        return Outcome("providers", seeds.Length, [report], started);
    }

    /// <summary>Seeds citizens [<paramref name="from"/>, population size) in batches, several batches at once.</summary>
    public async Task<SeedOutcome> SeedCitizensAsync(
        string password, int from, int batchSize, int parallelBatches, Action<int, int>? progress, CancellationToken cancellationToken)
    {
        var hash = await new Argon2PasswordHasher(Options.Create(new PasswordHashingOptions())).HashAsync(password);
        var started = time.GetTimestamp();
        var batches = new List<(int Start, int Count)>();
        for (var start = from; start < population.Citizens; start += batchSize)
        {
            batches.Add((start, Math.Min(batchSize, population.Citizens - start)));
        }

        var reports = new List<SeedReport>();
        var done = 0;
        var options = new ParallelOptions { MaxDegreeOfParallelism = parallelBatches, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(batches, options, async (batch, ct) =>
        {
            var seeds = Enumerable.Range(batch.Start, batch.Count).Select(i => CitizenSeed(population.Citizen(i), hash)).ToArray();
            var report = await PostAsync("/operator/citizens", seeds, ct);
            lock (reports)
            {
                reports.Add(report);
                done += batch.Count;
                progress?.Invoke(done, population.Citizens - from);
            }
        });
        return Outcome("citizens", population.Citizens - from, reports, started);
    }

    private static object CitizenSeed(CitizenProfile c, string passwordHash) => new
    {
        nationalNumber = c.NationalNumber,
        activate = true,
        methods = Methods,
        passwordHash,
        phone = c.Phone,
        email = c.Email,
        identity = new
        {
            givenName = c.GivenName,
            familyName = c.FamilyName,
            birthdate = c.Birthdate,
            gender = c.Gender,
            birthPlace = Population.BirthPlace,
            birthCountry = Population.BirthCountry,
        },
    };

    private async Task<SeedReport> PostAsync<T>(string path, T[] body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(target, path))
        {
            Content = JsonContent.Create(body, options: Json),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", operatorToken);
        using var response = await http.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            // SECURITY: the first line only. A development error page goes on to echo the request's
            // headers, the operator token among them, which must not reach a terminal or a log.
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            var firstLine = text.Split('\n', 2)[0].Trim();
            throw new InvalidOperationException($"{path} answered {(int)response.StatusCode}: {(firstLine.Length > 300 ? firstLine[..300] : firstLine)}");
        }

        return await response.Content.ReadFromJsonAsync<SeedReport>(Json, cancellationToken)
            ?? throw new InvalidOperationException($"{path} answered an empty report.");
    }

    private SeedOutcome Outcome(string what, int requested, IEnumerable<SeedReport> reports, long started)
    {
        var all = reports.ToArray();
        var failures = all.SelectMany(r => r.Failures)
            .GroupBy(f => f.Error, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        return new SeedOutcome(what, requested, all.Sum(r => r.Succeeded), failures, time.GetElapsedTime(started));
    }
}
