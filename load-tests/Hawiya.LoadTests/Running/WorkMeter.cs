using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Hawiya.LoadTests.Running;

/// <summary>
/// The platform's work per completed operation over the measured part of a run (arrivals and
/// drain): each silo's CPU, garbage collection and work units from <c>GET /operator/work</c>,
/// the generator's own CPU, and, when the silos run on this machine, the machine's and the
/// local PostgreSQL's CPU, so that a figure shows where the cores went.
/// </summary>
/// <param name="Operations">Operations completed (succeeded) in the measured part.</param>
/// <param name="SiloCpuMs">Silo CPU per operation, summed over the silos.</param>
/// <param name="DatabaseCpuMs">CPU of the local <c>postgres</c> processes per operation; null when the silos are not local.</param>
/// <param name="MachineCpuMs">Whole-machine CPU per operation (everything: silos, generator, database, others); null when not local.</param>
public sealed record WorkPerOperation(
    long Operations,
    int Silos,
    double SiloCpuMs,
    double GeneratorCpuMs,
    double? DatabaseCpuMs,
    double? MachineCpuMs,
    double HttpRequests,
    double GrainCalls,
    double StorageReads,
    double StorageWrites,
    double AllocatedKiB,
    double GcPauseMs,
    int Gen0Collections,
    int Gen1Collections,
    int Gen2Collections);

public sealed class WorkMeter
{
    private const double ClockTicksPerSecond = 100; // USER_HZ on Linux

    private readonly IReadOnlyList<SiloCounters> _silos;
    private readonly double _generatorCpu;
    private readonly long? _machineTicks;
    private readonly long? _databaseTicks;

    private WorkMeter(IReadOnlyList<SiloCounters> silos, double generatorCpu, long? machineTicks, long? databaseTicks)
    {
        _silos = silos;
        _generatorCpu = generatorCpu;
        _machineTicks = machineTicks;
        _databaseTicks = databaseTicks;
    }

    /// <summary>Reads every target's counters now; the silos' part is left out when a target does not answer.</summary>
    public static async Task<WorkMeter> StartAsync(HttpClient http, IReadOnlyList<Uri> targets, string operatorToken, CancellationToken ct)
    {
        var local = targets.All(t => t.IsLoopback);
        return new WorkMeter(
            await ReadSilosAsync(http, targets, operatorToken, ct),
            Environment.CpuUsage.TotalTime.TotalSeconds,
            local ? MachineBusyTicks() : null,
            local ? DatabaseTicks() : null);
    }

    public async Task<WorkPerOperation?> FinishAsync(HttpClient http, IReadOnlyList<Uri> targets, string operatorToken, long operations, CancellationToken ct)
    {
        var generator = Environment.CpuUsage.TotalTime.TotalSeconds - _generatorCpu;
        var machine = MachineBusyTicks() - _machineTicks;
        var database = DatabaseTicks() - _databaseTicks;
        var silos = await ReadSilosAsync(http, targets, operatorToken, ct);
        if (operations <= 0 || silos.Count == 0 || silos.Count != _silos.Count)
        {
            return null;
        }

        var d = silos.Zip(_silos, (after, before) => after - before).Aggregate((a, b) => a + b);
        double Per(double total) => total / operations;
        return new WorkPerOperation(
            operations,
            silos.Count,
            Per(d.CpuSeconds * 1000),
            Per(generator * 1000),
            database is { } db ? Per(db / ClockTicksPerSecond * 1000) : null,
            machine is { } m ? Per(m / ClockTicksPerSecond * 1000) : null,
            Per(d.HttpRequests),
            Per(d.GrainCalls),
            Per(d.StorageReads),
            Per(d.StorageWrites),
            Per(d.AllocatedBytes / 1024.0),
            Per(d.GcPauseSeconds * 1000),
            d.Gen0Collections,
            d.Gen1Collections,
            d.Gen2Collections);
    }

    private static async Task<IReadOnlyList<SiloCounters>> ReadSilosAsync(HttpClient http, IReadOnlyList<Uri> targets, string operatorToken, CancellationToken ct)
    {
        var silos = new List<SiloCounters>();
        foreach (var target in targets)
        {
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(target, "operator/work"));
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", operatorToken);
                using var response = await http.SendAsync(request, ct);
                if (!response.IsSuccessStatusCode)
                {
                    return [];
                }

                silos.Add(await response.Content.ReadFromJsonAsync<SiloCounters>(JsonSerializerOptions.Web, ct)
                    ?? throw new JsonException("empty /operator/work answer"));
            }
            catch (Exception e) when (e is HttpRequestException or JsonException or TaskCanceledException)
            {
                return [];
            }
        }

        return silos;
    }

    /// <summary>Busy jiffies of the whole machine (/proc/stat: user, nice, system, irq, softirq, steal).</summary>
    private static long? MachineBusyTicks()
    {
        try
        {
            var line = File.ReadLines("/proc/stat").First();
            var f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(v => long.Parse(v, CultureInfo.InvariantCulture)).ToArray();
            return f[0] + f[1] + f[2] + f[5] + f[6] + f[7];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return null;
        }
    }

    /// <summary>User and system jiffies of every local process named <c>postgres</c> (/proc/PID/stat, fields 14 and 15).</summary>
    private static long? DatabaseTicks()
    {
        if (!Directory.Exists("/proc"))
        {
            return null;
        }

        long ticks = 0;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            try
            {
                if (!char.IsAsciiDigit(Path.GetFileName(dir)[0]) || File.ReadAllText(Path.Combine(dir, "comm")).Trim() != "postgres")
                {
                    continue;
                }

                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                // After "pid (comm) ", field 3 (state) is index 0: utime is field 14, stime 15.
                ticks += long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException or ArgumentOutOfRangeException)
            {
                // The process ended meanwhile.
            }
        }

        return ticks;
    }

    private sealed record SiloCounters(
        double CpuSeconds,
        int Gen0Collections,
        int Gen1Collections,
        int Gen2Collections,
        long AllocatedBytes,
        double GcPauseSeconds,
        long HttpRequests,
        long GrainCalls,
        long StorageReads,
        long StorageWrites)
    {
        public static SiloCounters operator -(SiloCounters a, SiloCounters b) => new(
            a.CpuSeconds - b.CpuSeconds, a.Gen0Collections - b.Gen0Collections, a.Gen1Collections - b.Gen1Collections,
            a.Gen2Collections - b.Gen2Collections, a.AllocatedBytes - b.AllocatedBytes, a.GcPauseSeconds - b.GcPauseSeconds,
            a.HttpRequests - b.HttpRequests, a.GrainCalls - b.GrainCalls, a.StorageReads - b.StorageReads, a.StorageWrites - b.StorageWrites);

        public static SiloCounters operator +(SiloCounters a, SiloCounters b) => new(
            a.CpuSeconds + b.CpuSeconds, a.Gen0Collections + b.Gen0Collections, a.Gen1Collections + b.Gen1Collections,
            a.Gen2Collections + b.Gen2Collections, a.AllocatedBytes + b.AllocatedBytes, a.GcPauseSeconds + b.GcPauseSeconds,
            a.HttpRequests + b.HttpRequests, a.GrainCalls + b.GrainCalls, a.StorageReads + b.StorageReads, a.StorageWrites + b.StorageWrites);
    }
}
