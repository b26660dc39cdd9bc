using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Hawiya.Server.Hosting;

/// <summary>How a silo stops (section <c>Hawiya:Hosting:Drain</c>).</summary>
public sealed class DrainSettings
{
    public const string Section = "Hawiya:Hosting:Drain";

    /// <summary>
    /// How long a stopping silo keeps serving while its readiness answers 503, so that the balancer
    /// takes it out before it stops listening. The run command's HAProxy checks every second and
    /// takes a silo out after two failed checks (the second 250 ms after the first), so 3 s covers it.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:05:00")] public TimeSpan Delay { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>How long, after that, a stopping silo waits for the requests it is still serving before Orleans deactivates its grains.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:05:00")] public TimeSpan InFlightTimeout { get; set; } = TimeSpan.FromSeconds(20);
}

/// <summary>
/// A graceful stop (SIGTERM, Ctrl-C, <c>infra/restart.sh</c>): before anything stops, readiness turns
/// 503 (<see cref="IsDraining"/>) while the silo still serves; after <see cref="DrainSettings.Delay"/>
/// the balancer sends nothing more, the requests under way finish, and only then does the host stop
/// the web server and the silo, whose grains deactivate and write their state (a login's deferred
/// writes included) while the other silos take over.
/// </summary>
/// <remarks>
/// Waits in real time, not the injected <see cref="TimeProvider"/>: what it waits for is the
/// balancer's checks and the requests on the wire, which no test clock moves.
/// </remarks>
public sealed partial class SiloDrain(IOptions<DrainSettings> settings, ILogger<SiloDrain> logger) : IHostedLifecycleService
{
    private int _inFlight;
    private int _draining;

    /// <summary>True once the silo has begun to stop: readiness answers 503.</summary>
    public bool IsDraining => Volatile.Read(ref _draining) == 1;

    /// <summary>HTTP requests being served now.</summary>
    public int InFlight => Volatile.Read(ref _inFlight);

    internal void Enter() => Interlocked.Increment(ref _inFlight);

    internal void Exit() => Interlocked.Decrement(ref _inFlight);

    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        Volatile.Write(ref _draining, 1);
        LogDraining(settings.Value.Delay.TotalSeconds);
        await Task.Delay(settings.Value.Delay, cancellationToken);
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (InFlight > 0 && waited.Elapsed < settings.Value.InFlightTimeout && !cancellationToken.IsCancellationRequested)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(50), cancellationToken);
        }

        LogDrained(InFlight);
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Stopping: readiness answers 503; serving for {Seconds} s more while the balancer takes this silo out")]
    private partial void LogDraining(double seconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Drained ({InFlight} requests still under way); stopping the web server and the silo")]
    private partial void LogDrained(int inFlight);
}

/// <summary>
/// Counts the requests under way for <see cref="SiloDrain"/>. A reader agent's WebSocket is not
/// counted: it lives for hours, and the agent reconnects to another silo when it closes.
/// </summary>
public sealed class SiloDrainCounter(RequestDelegate next, SiloDrain drain)
{
    public async Task InvokeAsync(HttpContext http)
    {
        if (http.WebSockets.IsWebSocketRequest)
        {
            await next(http);
            return;
        }

        drain.Enter();
        try
        {
            await next(http);
        }
        finally
        {
            drain.Exit();
        }
    }
}
