using System.Globalization;
using Hawiya.LoadTests.Running;
using Hawiya.LoadTests.Seeding;

namespace Hawiya.LoadTests.Cli;

/// <summary>The <c>seed</c> command, also run by <c>run --seed</c>.</summary>
public static class SeedCommand
{
    public static async Task<int> RunAsync(SeedOptions options, ProgressPrinter output, CancellationToken ct)
    {
        using var http = Http.HttpClients.Create(options.Parallel + 1, TimeSpan.FromMinutes(10));
        var ok = await SeedAsync(http, options.Targets[0], options.Population, options.Password, options.OperatorToken, options.FirstCitizen, options.Batch, options.Parallel, output, ct);
        return ok ? 0 : 1;
    }

    /// <summary>Seeds providers then citizens; true when nothing failed.</summary>
    public static async Task<bool> SeedAsync(
        HttpClient http, Uri target, Population population, string password, string operatorToken,
        int from, int batch, int parallel, ProgressPrinter output, CancellationToken ct)
    {
        var seeder = new Seeder(http, target, operatorToken, population, TimeProvider.System);
        var providers = await seeder.SeedProvidersAsync(ct);
        Print(providers, output);
        var lastShown = 0;
        var citizens = await seeder.SeedCitizensAsync(password, from, batch, parallel, (done, total) =>
        {
            // About ten progress lines however large the population.
            if (done == total || done - lastShown >= Math.Max(batch, total / 10))
            {
                lastShown = done;
                output.Info(string.Create(CultureInfo.InvariantCulture, $"  citizens {done}/{total}"));
            }
        }, ct);
        Print(citizens, output);
        return providers.FailuresByError.Count == 0 && citizens.FailuresByError.Count == 0;
    }

    private static void Print(SeedOutcome outcome, ProgressPrinter output)
    {
        output.Info(string.Create(CultureInfo.InvariantCulture,
            $"seeded {outcome.Succeeded}/{outcome.Requested} {outcome.What} in {outcome.Elapsed.TotalSeconds:0.0} s ({outcome.PerSecond:0}/s)"));
        foreach (var (error, count) in outcome.FailuresByError)
        {
            output.Info(string.Create(CultureInfo.InvariantCulture, $"  {count} failed: {error}"));
        }
    }
}
