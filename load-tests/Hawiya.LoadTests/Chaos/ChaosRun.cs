using System.Diagnostics;
using System.Net.Http.Headers;
using Hawiya.LoadTests.Cli;

namespace Hawiya.LoadTests.Chaos;

/// <summary>
/// What the <c>chaos</c> command adds to a run: the faults and when, the timeline they are read
/// against, and a probe that asks for something needing storage every 100 ms, so that how fast the
/// platform refuses while its database is down is measured request by request.
/// </summary>
public sealed class ChaosRun(FaultPlan plan, Uri probe, string operatorToken)
{
    public const string Usage = "usage: Hawiya.LoadTests chaos --scenario NAME --rate N --duration D --fault 20s=kill:1 [--fault ...] [run options]";

    public const string Summary = "Runs a scenario through the balancer and carries out faults at the times given (kill -9 a silo, start it again, "
        + "restart every silo one by one, stop and start PostgreSQL); the report adds chaos.md (failures during each fault, time to recover, "
        + "HTTP 500s, wrong answers) and the timeline chaos.png. Needs a platform started by infra/run.sh (its pid files).";

    public static readonly OptionSpec[] Specs =
    [
        new("fault", "SECONDSs=ACTION after the first arrival; ACTION is kill:N, start:N, restart-all, db-stop or db-start", null, "AT=ACTION", Repeatable: true),
        new("run-dir", "the run folder of infra/run.sh (its pid files; default $HAWIYA_RUN_DIR or .run)", null, "DIR"),
        new("db-stop-command", "shell command that stops the platform's PostgreSQL (db-stop), e.g. 'pg_ctlcluster 15 faults stop -m fast'", null, "CMD"),
        new("db-start-command", "shell command that starts it again (db-start)", null, "CMD"),
        new("probe-path", "what the storage probe asks for every 100 ms, with the operator token", "/operator/citizens/LT0000000", "PATH"),
    ];

    public FaultPlan Plan => plan;

    public ChaosTimeline Timeline { get; } = new();

    public static ChaosRun From(ParsedOptions options, RunOptions run, Action<string> log)
    {
        var faults = options.All("fault").Select(Fault.Parse).ToArray();
        if (faults.Length == 0)
        {
            throw new UsageException("chaos needs at least one --fault.");
        }

        var root = RepositoryRoot();
        var runDirectory = options.Has("run-dir") ? options.String("run-dir")
            : Environment.GetEnvironmentVariable("HAWIYA_RUN_DIR") is { Length: > 0 } env ? env : Path.Combine(root, ".run");
        var plan = new FaultPlan(faults, root, runDirectory,
            options.Has("db-stop-command") ? options.String("db-stop-command") : null,
            options.Has("db-start-command") ? options.String("db-start-command") : null, log);
        return new ChaosRun(plan, new Uri(run.Targets[0], options.String("probe-path").TrimStart('/')), run.OperatorToken);
    }

    /// <summary>Asks the probe's address every 100 ms until stopped; a request that gets no answer is recorded as status 0.</summary>
    public async Task ProbeAsync(HttpClient http, CancellationToken stop)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
        try
        {
            while (await timer.WaitForNextTickAsync(stop))
            {
                var took = Stopwatch.StartNew();
                int status;
                try
                {
                    using var request = new HttpRequestMessage(HttpMethod.Get, probe);
                    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", operatorToken);
                    using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stop);
                    timeout.CancelAfter(TimeSpan.FromSeconds(5));
                    using var response = await http.SendAsync(request, timeout.Token);
                    status = (int)response.StatusCode;
                }
                catch (Exception e) when (e is HttpRequestException or OperationCanceledException && !stop.IsCancellationRequested)
                {
                    status = 0;
                }

                Timeline.Probed(status, took.Elapsed.TotalMilliseconds);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Cluster.sln")))
            {
                return dir.FullName;
            }
        }

        return Directory.GetCurrentDirectory();
    }
}
