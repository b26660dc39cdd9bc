using System.Text;
using Hawiya.LoadTests.Running;
using Hawiya.LoadTests.Scenarios;

namespace Hawiya.LoadTests.Cli;

/// <summary>Reads the command line and runs the command it names; returns the exit code.</summary>
public static class Commands
{
    public const string Usage = "usage: Hawiya.LoadTests <seed|run|chaos|table|list|help> [options]   (each command has --help)";

    public static async Task<int> RunAsync(string[] args, CancellationToken interrupt)
    {
        var output = ProgressPrinter.ForConsole();
        try
        {
            var rest = args.Skip(1).ToArray();
            switch (args.FirstOrDefault())
            {
                case null or "help" or "--help" or "-h":
                    Console.WriteLine(Help());
                    return 0;
                case "list":
                    Console.WriteLine(ScenarioList());
                    return 0;
                case "seed":
                    var seed = ParsedOptions.Parse(rest, SeedOptions.Specs);
                    if (seed.HelpRequested)
                    {
                        Console.WriteLine(ParsedOptions.Help(SeedOptions.Usage, SeedOptions.Summary, SeedOptions.Specs));
                        return 0;
                    }

                    return await SeedCommand.RunAsync(SeedOptions.From(seed), output, interrupt);
                case "run":
                    var run = ParsedOptions.Parse(rest, RunOptions.Specs);
                    if (run.HelpRequested)
                    {
                        Console.WriteLine(ParsedOptions.Help(RunOptions.Usage, RunOptions.Summary, RunOptions.Specs) + Environment.NewLine + ScenarioList());
                        return 0;
                    }

                    var options = RunOptions.From(run, TimeProvider.System.GetUtcNow());
                    return await new LoadRunner(options, output, TimeProvider.System).RunAsync(interrupt);
                case "chaos":
                    var specs = RunOptions.Specs.Concat(Chaos.ChaosRun.Specs).ToArray();
                    var parsed = ParsedOptions.Parse(rest, specs);
                    if (parsed.HelpRequested)
                    {
                        Console.WriteLine(ParsedOptions.Help(Chaos.ChaosRun.Usage, Chaos.ChaosRun.Summary, specs));
                        return 0;
                    }

                    var chaosRun = RunOptions.From(parsed, TimeProvider.System.GetUtcNow());
                    var chaos = Chaos.ChaosRun.From(parsed, chaosRun, output.Info);
                    return await new LoadRunner(chaosRun, output, TimeProvider.System, chaos).RunAsync(interrupt);
                case "table":
                    if (rest.Length == 0 || rest.Contains("--help"))
                    {
                        Console.WriteLine("usage: Hawiya.LoadTests table REPORT_DIR...\n\nOne Markdown row per run report: offered, throughput, latency, verdict and work per operation.");
                        return rest.Length == 0 ? 2 : 0;
                    }

                    Console.Write(Reports.BenchTable.Render(rest));
                    return 0;
                default:
                    throw new UsageException($"Unknown command '{args[0]}'.");
            }
        }
        catch (UsageException e)
        {
            await Console.Error.WriteLineAsync($"{e.Message}\n{Usage}");
            return 2;
        }
        catch (ScenarioNotAvailableException e)
        {
            await Console.Error.WriteLineAsync(e.Message);
            return 2;
        }
        catch (Exception e) when (e is HttpRequestException or InvalidOperationException or System.Text.Json.JsonException)
        {
            // The platform is down, refused the operator token, or answered something else than Hawiya would.
            await Console.Error.WriteLineAsync($"{args[0]} failed: {e.Message}");
            return 1;
        }
        catch (OperationCanceledException) when (interrupt.IsCancellationRequested)
        {
            await Console.Error.WriteLineAsync("interrupted");
            return 1;
        }
    }

    public static string Help() => new StringBuilder()
        .AppendLine(Usage).AppendLine()
        .AppendLine("Load generator for Hawiya: open-model arrivals, every answer checked, HdrHistogram latencies, a report folder per run.").AppendLine()
        .AppendLine("  seed    register the load-test providers and citizens through the operator API")
        .AppendLine("  run     offer a scenario at a fixed arrival rate and write a report")
        .AppendLine("  chaos   a run with faults at chosen times (kill a silo, restart, stop the database); adds a timeline and the outage figures")
        .AppendLine("  table   one Markdown row per run report folder (offered, throughput, latency, work per operation)")
        .AppendLine("  list    the scenarios, and which ones are not available yet").AppendLine()
        .AppendLine("Example against infra/run.sh:")
        .AppendLine("  dotnet run -c Release --project load-tests/Hawiya.LoadTests -- seed --citizens 2000")
        .AppendLine("  dotnet run -c Release --project load-tests/Hawiya.LoadTests -- run --scenario password-login --rate 20 --duration 20s")
        .AppendLine()
        .Append(ScenarioList())
        .ToString();

    public static string ScenarioList()
    {
        var text = new StringBuilder().AppendLine("Scenarios:");
        foreach (var s in ScenarioCatalog.All)
        {
            text.Append("  ").Append(s.Name.PadRight(20)).AppendLine(s.Available ? s.Description : $"not available yet: {s.NotAvailableBecause}");
        }

        return text.ToString();
    }
}
