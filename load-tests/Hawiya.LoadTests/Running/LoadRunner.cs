using System.Net.Http.Headers;
using System.Text.Json;
using Hawiya.LoadTests.Arrivals;
using Hawiya.LoadTests.Chaos;
using Hawiya.LoadTests.Checks;
using Hawiya.LoadTests.Http;
using Hawiya.LoadTests.Cli;
using Hawiya.LoadTests.Metrics;
using Hawiya.LoadTests.Reports;
using Hawiya.LoadTests.Scenarios;

namespace Hawiya.LoadTests.Running;

/// <summary>
/// One run: discover the issuer, prepare the scenario, issue arrivals on schedule while a
/// sampler closes each second, drain, judge, write the report. Returns the exit code. With a
/// <see cref="ChaosRun"/>, its faults are carried out during the arrivals and the report adds the
/// chaos timeline and figures.
/// </summary>
public sealed class LoadRunner(RunOptions options, ProgressPrinter progress, TimeProvider time, ChaosRun? chaos = null)
{
    public const string StartLagStep = "(start lag)";

    public async Task<int> RunAsync(CancellationToken interrupt)
    {
        var startedAt = time.GetUtcNow();
        using var http = HttpClients.Create(options.MaxInFlight, options.RequestTimeout);
        if (options.Seed)
        {
            await SeedCommand.SeedAsync(http, options.Targets[0], options.Population, options.Login.Password, options.OperatorToken, 0, options.SeedBatch, 1, progress, interrupt);
        }

        var issuer = await DiscoverIssuerAsync(http, interrupt);
        var server = new ServerInfo(issuer, await ActiveSilosAsync(http, interrupt));
        progress.Info($"issuer {issuer}; {server.ActiveSilos?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "unknown"} active silo(s); targets {string.Join(", ", options.Targets)}");
        var keys = JwksCache.Over(http, new Uri(options.Targets[0], ".well-known/jwks"), time);
        var services = new ScenarioServices(http, options.Targets, options.Population, new TokenChecks(issuer, keys, time), options.Login, time)
        {
            OperatorToken = options.OperatorToken,
            Revocation = options.Revocation,
            Poll = options.Poll,
        };
        var scenario = ScenarioCatalog.Create(options.Scenario, services, options.Mix, progress.Info);
        await keys.GetAsync(interrupt);
        await scenario.PrepareAsync(interrupt);

        var metrics = new MetricsCollector();
        var schedule = new ArrivalSchedule(options.Rate, options.Ramp, options.Duration);
        var scheduler = new ArrivalScheduler(schedule, options.MaxInFlight, time);
        // Counted when due, on the scheduler's thread: a starved thread pool cannot delay the count.
        scheduler.ArrivalIssued += _ =>
        {
            metrics.ArrivalStarted();
            chaos?.Timeline.Arrived();
        };
        scheduler.ArrivalDropped += _ =>
        {
            metrics.ArrivalStarted();
            metrics.RecordDropped("in-flight cap (--max-in-flight) reached");
        };

        // Work is cancelled by an interruption, or when it outlives the drain.
        using var abandon = CancellationTokenSource.CreateLinkedTokenSource(interrupt);
        progress.Info($"{options.Scenario}: {schedule.TotalArrivals} arrivals, {options.Rate}/s after a {options.Ramp.TotalSeconds} s ramp, {options.Duration.TotalSeconds} s");
        var phase = "run";
        var work = await WorkMeter.StartAsync(http, options.Targets, options.OperatorToken, interrupt);
        var cpuAtStart = Environment.CpuUsage.TotalTime;
        var wallAtStart = time.GetTimestamp();
        using var stopSampling = new CancellationTokenSource();
        var sampler = SampleAsync(metrics, scheduler, () => phase, stopSampling.Token);
        chaos?.Timeline.Clock.Start();
        var faults = chaos?.Plan.RunAsync(chaos.Timeline.Clock, interrupt);
        var probe = chaos?.ProbeAsync(http, stopSampling.Token);

        await scheduler.RunAsync(arrival => ServeAsync(arrival, scenario, metrics, abandon.Token, interrupt), interrupt);
        phase = "drain";
        var drainLimit = options.RequestTimeout * 2;
        if (!await scheduler.DrainAsync(drainLimit, interrupt))
        {
            await abandon.CancelAsync();
            await scheduler.DrainAsync(TimeSpan.FromSeconds(5), CancellationToken.None);
        }

        var unfinished = scheduler.InFlight;
        var faultsDone = faults is null ? [] : await faults;
        await stopSampling.CancelAsync();
        if (probe is not null)
        {
            await probe;
        }

        // The last, partial second.
        metrics.Sample(await sampler + 1, scheduler.InFlight);

        // Arrivals and drain only: seeding and preparation are not part of what was measured.
        var measured = time.GetElapsedTime(wallAtStart).TotalSeconds;
        var generatorCores = (Environment.CpuUsage.TotalTime - cpuAtStart).TotalSeconds / measured;
        var totals = metrics.Summarize();
        var perOperation = await work.FinishAsync(http, options.Targets, options.OperatorToken, totals.Succeeded, CancellationToken.None);
        var verdict = Verdict.Evaluate(totals, new Thresholds(options.MaxErrorRate, options.P99LimitMs), unfinished, interrupt.IsCancellationRequested);
        var report = new RunReport(
            "Hawiya.LoadTests", startedAt, MachineInfo.Current(), Settings(), server,
            Throughput.Of(totals, options.Ramp.TotalSeconds, options.Duration.TotalSeconds, measured),
            Math.Round(generatorCores, 2), unfinished, verdict, totals, perOperation);
        foreach (var file in ReportWriter.Write(report, options.ReportDirectory))
        {
            progress.Info("wrote " + file);
        }

        if (chaos is not null)
        {
            foreach (var file in ChaosReport.Write(options.ReportDirectory, options.Scenario, faultsDone, chaos.Timeline, totals.Seconds))
            {
                progress.Info("wrote " + file);
            }
        }

        ConsoleSummary.Print(report, progress);
        return verdict.Passed ? 0 : 1;
    }

    private async Task ServeAsync(Arrival arrival, IScenario scenario, MetricsCollector metrics, CancellationToken work, CancellationToken interrupt)
    {
        var operation = new Operation(arrival.Number, arrival.DueTimestamp, scenario.Name, metrics, time);
        // How late the client started this arrival (timer granularity, a busy thread pool): it is
        // part of the scenario's latency, and shown apart so a saturated client is seen as such.
        metrics.RecordStep(scenario.Name, StartLagStep, time.GetElapsedTime(arrival.DueTimestamp));
        try
        {
            await scenario.ExecuteAsync(operation, work);
            operation.Complete();
            metrics.RecordSuccess(operation.Scenario, operation.Latency);
            chaos?.Timeline.Succeeded();
        }
        catch (ClientSaturatedException e)
        {
            metrics.RecordDropped(e.Message);
        }
#pragma warning disable CA1031 // Every failure of an arrival is an outcome to count, never a crash of the run.
        catch (Exception e)
#pragma warning restore CA1031
        {
            var kind = FailureKind.Of(e, operation.CurrentStep, interrupt.IsCancellationRequested);
            metrics.RecordFailure(operation.Scenario, kind.Step, kind.Kind, kind.WrongAnswer);
            chaos?.Timeline.Failed(kind.Kind, kind.WrongAnswer);
        }
    }

    /// <summary>Closes one second at a time until stopped; returns the number of the last second closed.</summary>
    private async Task<int> SampleAsync(MetricsCollector metrics, ArrivalScheduler scheduler, Func<string> phase, CancellationToken stop)
    {
        var second = 0;
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1), time);
        try
        {
            while (await timer.WaitForNextTickAsync(stop))
            {
                var sample = metrics.Sample(++second, scheduler.InFlight);
                progress.Second(sample, metrics.OverallSoFar(), phase(), new RunTotalsSoFar(metrics.Failed, metrics.WrongAnswers, metrics.DroppedCount));
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }

        return second;
    }

    /// <summary>The issuer from the first target's discovery document; every target must name the same one.</summary>
    private async Task<string> DiscoverIssuerAsync(HttpClient http, CancellationToken ct)
    {
        string? issuer = null;
        foreach (var target in options.Targets)
        {
            using var document = JsonDocument.Parse(await http.GetStringAsync(new Uri(target, ".well-known/openid-configuration"), ct));
            var named = document.RootElement.GetProperty("issuer").GetString() ?? throw new InvalidOperationException($"{target} publishes no issuer.");
            if (issuer is not null && named != issuer)
            {
                throw new InvalidOperationException($"{target} names issuer {named}, not {issuer}: the targets are not one platform.");
            }

            issuer = named;
        }

        return issuer!;
    }

    /// <summary>Active silos from the operator cluster view; unknown when the operator API does not answer.</summary>
    private async Task<int?> ActiveSilosAsync(HttpClient http, CancellationToken ct)
    {
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(options.Targets[0], "operator/cluster"));
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", options.OperatorToken);
            using var response = await http.SendAsync(request, ct);
            if (!response.IsSuccessStatusCode)
            {
                return null;
            }

            using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
            return document.RootElement.TryGetProperty("activeSilos", out var n) ? n.GetInt32() : null;
        }
        catch (Exception e) when (e is HttpRequestException or JsonException or InvalidOperationException)
        {
            return null;
        }
    }

    private ReportedSettings Settings() => new(
        options.Scenario,
        options.Scenario == "mixed" ? options.Mix : null,
        [.. options.Targets.Select(t => t.ToString())],
        options.Rate,
        options.Ramp.TotalSeconds,
        options.Duration.TotalSeconds,
        options.Population.Citizens,
        options.Population.Providers,
        options.Population.Prefix,
        options.Login.UsePar,
        options.Login.Scopes,
        options.Login.RefreshChains,
        options.Login.ReuseProbe,
        options.MaxInFlight,
        options.RequestTimeout.TotalSeconds,
        options.MaxErrorRate,
        options.P99LimitMs);
}
