using Hawiya.LoadTests.Seeding;

namespace Hawiya.LoadTests.Cli;

/// <summary>Options shared by <c>seed</c> and <c>run</c>: where the platform is and which population to use.</summary>
public static class PopulationOptions
{
    public const string DevelopmentOperatorToken = "DEV-ONLY-operator-token";
    public const string DevelopmentClientSecret = "DEV-ONLY-load-test-secret";
    public const string DevelopmentPassword = "DEV-ONLY-load-test-password";

    public static readonly OptionSpec[] Specs =
    [
        new("target", "silo base URL; repeat or comma-separate for several silos (logins are spread round-robin)", "http://127.0.0.1:5080", "URL", Repeatable: true),
        new("citizens", "citizens in the population (seeded, then drawn from by logins)", "2000", "N"),
        new("providers", "service providers in the population (alternating between two sectors)", "4", "N"),
        new("prefix", "national numbers are PREFIX + 7 digits; client ids prefix-sp-N", "LT", "PREFIX"),
        new("password", "password of every load-test citizen (hashed once, here; never printed)", DevelopmentPassword, "TEXT"),
        new("client-secret", "client secret of every load-test provider", DevelopmentClientSecret, "TEXT"),
        // No default shown: help output must never print a real token taken from the environment.
        new("operator-token", "operator API token (default: $HAWIYA_OPERATOR_TOKEN, else the development token)", null, "TOKEN"),
    ];

    public static string OperatorToken(ParsedOptions options) => options.Has("operator-token")
        ? options.String("operator-token")
        : Environment.GetEnvironmentVariable("HAWIYA_OPERATOR_TOKEN") ?? DevelopmentOperatorToken;

    public static Population Population(ParsedOptions options)
    {
        try
        {
            return new Population(
                options.String("prefix"),
                options.Int("citizens", 1, Seeding.Population.MaxCitizens),
                options.Int("providers", 1, 1000),
                options.String("client-secret"));
        }
        catch (ArgumentException e)
        {
            throw new UsageException(e.Message);
        }
    }
}

/// <summary>The <c>seed</c> command's settings.</summary>
public sealed record SeedOptions(IReadOnlyList<Uri> Targets, Population Population, string Password, string OperatorToken, int FirstCitizen, int Batch, int Parallel)
{
    public const string Usage = "usage: Hawiya.LoadTests seed [options]";

    public const string Summary =
        "Registers the load-test providers and citizens through the operator API (POST /operator/providers, /operator/citizens).\n" +
        "Citizens get the password (one Argon2id hash computed here), an SMS phone, an email and an identity derived from their index.\n" +
        "Seeding again is harmless: existing providers are updated, existing citizens keep their state.";

    public static readonly OptionSpec[] Specs =
    [
        .. PopulationOptions.Specs,
        new("from", "first citizen index to seed (to extend a population)", "0", "N"),
        new("batch", "citizens per request (the server runs 64 grain calls in flight per request)", "2000", "N"),
        // One request already keeps 64 grain calls busy; more can exhaust PostgreSQL's default 100 connections (see README).
        new("parallel", "requests in flight at once", "1", "N"),
    ];

    public static SeedOptions From(ParsedOptions options)
    {
        var population = PopulationOptions.Population(options);
        return new SeedOptions(
            options.Urls("target"),
            population,
            options.String("password"),
            PopulationOptions.OperatorToken(options),
            options.Int("from", 0, population.Citizens - 1),
            options.Int("batch", 1, 20_000),
            options.Int("parallel", 1, 64));
    }
}
