using Hawiya.LoadTests.Metrics;
using Hawiya.LoadTests.Running;

namespace Hawiya.LoadTests.Reports;

/// <summary>The settings of a run as reported: everything that shapes the load, no secret.</summary>
public sealed record ReportedSettings(
    string Scenario,
    string? Mix,
    IReadOnlyList<string> Targets,
    double Rate,
    double RampSeconds,
    double DurationSeconds,
    int Citizens,
    int Providers,
    string Prefix,
    bool Par,
    IReadOnlyList<string> Scopes,
    int RefreshChains,
    double ReuseProbe,
    int MaxInFlight,
    double TimeoutSeconds,
    double MaxErrorRate,
    double? P99LimitMs);

/// <summary>What the client learnt about the server before the run.</summary>
public sealed record ServerInfo(string Issuer, int? ActiveSilos);

/// <summary>Throughput figures derived from the per-second samples.</summary>
public sealed record Throughput(double OfferedPerSecond, double SucceededPerSecond, double SteadySucceededPerSecond, double ElapsedSeconds)
{
    /// <summary>
    /// Offered: arrivals over the arrival window. Succeeded: successes over the whole run,
    /// drain included. Steady: mean successes per second between the end of the ramp and the
    /// end of the arrival window, the figure to compare runs by.
    /// </summary>
    public static Throughput Of(RunTotals totals, double rampSeconds, double durationSeconds, double elapsedSeconds)
    {
        var steady = totals.Seconds.Where(s => s.Second > Math.Ceiling(rampSeconds) && s.Second <= Math.Floor(durationSeconds)).ToArray();
        return new Throughput(
            durationSeconds > 0 ? totals.Arrivals / durationSeconds : 0,
            elapsedSeconds > 0 ? totals.Succeeded / elapsedSeconds : 0,
            steady.Length > 0 ? steady.Average(s => (double)s.Succeeded) : 0,
            elapsedSeconds);
    }
}

/// <summary>
/// Everything a report folder holds, as data.json serialises it. <see cref="GeneratorCores"/>
/// is the CPU the load generator itself used during arrivals and drain, in cores: when it
/// shares a machine with the server, that much was taken from the server.
/// </summary>
public sealed record RunReport(
    string Tool,
    DateTimeOffset StartedAt,
    MachineInfo Machine,
    ReportedSettings Settings,
    ServerInfo Server,
    Throughput Throughput,
    double GeneratorCores,
    long Unfinished,
    Verdict Verdict,
    RunTotals Totals,
    WorkPerOperation? Work = null);
