using System.Diagnostics;
using System.Globalization;
using Hawiya.LoadTests.Cli;

namespace Hawiya.LoadTests.Chaos;

/// <summary>One fault of a chaos run: what to do, and when (seconds after arrivals start).</summary>
/// <param name="At">When, after the first arrival.</param>
/// <param name="Action"><c>kill:N</c> (kill -9 silo N), <c>start:N</c> (start silo N again), <c>restart-all</c>
/// (every silo gracefully, one by one), <c>db-stop</c>, <c>db-start</c>.</param>
public sealed record Fault(TimeSpan At, string Action)
{
    /// <summary>Reads <c>20s=kill:1</c>.</summary>
    public static Fault Parse(string text)
    {
        var parts = text.Split('=', 2);
        if (parts.Length != 2 || !parts[0].EndsWith('s')
            || !double.TryParse(parts[0][..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) || seconds < 0)
        {
            throw new UsageException($"--fault takes SECONDSs=ACTION, such as 20s=kill:1, not '{text}'.");
        }

        var action = parts[1];
        var known = action is "restart-all" or "db-stop" or "db-start"
            || (action.Split(':') is [("kill" or "start"), var silo] && int.TryParse(silo, CultureInfo.InvariantCulture, out var n) && n is >= 0 and <= 9);
        return known
            ? new Fault(TimeSpan.FromSeconds(seconds), action)
            : throw new UsageException($"Unknown fault '{action}': kill:N, start:N, restart-all, db-stop or db-start.");
    }

    /// <summary>True for the faults that begin an outage (the figures are counted from them).</summary>
    public bool Begins => Action is "restart-all" or "db-stop" || Action.StartsWith("kill:", StringComparison.Ordinal);
}

/// <summary>
/// Carries out the faults against a platform started by <c>infra/run.sh</c>: it reads the silos'
/// pid files in the run folder, and starts or restarts silos with <c>infra/restart.sh</c> (same
/// environment, so the same ports and database). The database is stopped and started by the
/// commands given, since only the operator knows which PostgreSQL may be stopped.
/// </summary>
public sealed class FaultPlan(IReadOnlyList<Fault> faults, string root, string runDirectory, string? dbStop, string? dbStart, Action<string> log)
{
    public IReadOnlyList<Fault> Faults => faults;

    /// <summary>Runs each fault at its time after <paramref name="start"/>; returns when the last one has been carried out.</summary>
    public async Task<IReadOnlyList<FaultDone>> RunAsync(Stopwatch start, CancellationToken cancellationToken)
    {
        var done = new List<FaultDone>();
        foreach (var fault in faults.OrderBy(f => f.At))
        {
            var wait = fault.At - start.Elapsed;
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, cancellationToken);
            }

            var began = start.Elapsed;
            log($"fault at {began.TotalSeconds:0.0} s: {fault.Action}");
            var exit = await ExecuteAsync(fault.Action, cancellationToken);
            done.Add(new FaultDone(fault.Action, began.TotalSeconds, start.Elapsed.TotalSeconds, exit));
            if (exit != 0)
            {
                log($"fault {fault.Action} exited {exit}");
            }
        }

        return done;
    }

    private Task<int> ExecuteAsync(string action, CancellationToken cancellationToken)
    {
        switch (action.Split(':'))
        {
            case ["kill", var silo]:
                var pid = File.ReadAllText(Path.Combine(runDirectory, $"silo-{silo}.pid")).Trim();
                // The silo's process group (infra/run.sh starts each under setsid): no goodbye at all.
                return ShellAsync($"kill -KILL -- -{pid}", cancellationToken);
            case ["start", var silo]:
                return ShellAsync($"bash '{root}/infra/restart.sh' {silo}", cancellationToken);
            case ["restart-all"]:
                return ShellAsync($"bash '{root}/infra/restart.sh'", cancellationToken);
            case ["db-stop"]:
                return ShellAsync(dbStop ?? throw new UsageException("db-stop needs --db-stop-command."), cancellationToken);
            case ["db-start"]:
                return ShellAsync(dbStart ?? throw new UsageException("db-start needs --db-start-command."), cancellationToken);
            default:
                throw new UsageException($"Unknown fault '{action}'.");
        }
    }

    private async Task<int> ShellAsync(string command, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo("bash", ["-c", command]) { RedirectStandardOutput = true, RedirectStandardError = true };
        info.Environment["HAWIYA_RUN_DIR"] = runDirectory;
        using var process = Process.Start(info) ?? throw new InvalidOperationException("bash did not start");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var errors = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        await output;
        await errors;
        return process.ExitCode;
    }
}

/// <summary>A fault carried out: when it began and ended (seconds after the first arrival) and the command's exit code.</summary>
public sealed record FaultDone(string Action, double BeganAt, double EndedAt, int ExitCode);
