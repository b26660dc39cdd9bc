using System.Threading.Channels;
using Hawiya.Contracts.Journal;
using Microsoft.Extensions.Logging;

namespace Hawiya.Grains.Journal;

/// <summary>
/// Writes an alert and hands it to the citizen's chosen gateway. Implemented by the host, which
/// holds the gateways; it reads the contact points itself so that they never travel in messages.
/// </summary>
public interface IAlertSender
{
    Task<AlertAttempt> SendAsync(string citizenKey, PendingAlert alert, CancellationToken cancellationToken);
}

/// <summary>
/// Sends the alerts a journal decided, on the journal's silo and outside any grain's turn, so no
/// login waits for a gateway, and reports each batch back to its journal. The hand-over is an
/// in-process queue, not a grain call: one message fewer per login than a sender grain. An
/// alert in the queue when the silo stops, or whose batch fails, is never reported; its journal
/// presumes it lost after its in-flight time and sends it again, as it always has.
/// </summary>
public sealed partial class AlertDispatcher : IDisposable
{
    /// <summary>Batches sent at once per silo: gateways answer in tens to hundreds of milliseconds.</summary>
    public const int Senders = 32;

    /// <summary>Batches waiting per silo before a hand-over is refused (its alerts then wait for their in-flight time).</summary>
    public const int Capacity = 20_000;

    private readonly Channel<(string CitizenKey, PendingAlert[] Alerts)> _queue =
        Channel.CreateBounded<(string, PendingAlert[])>(new BoundedChannelOptions(Capacity) { SingleWriter = false, SingleReader = false });

    private readonly CancellationTokenSource _stopping = new();
    private readonly IGrainFactory _grains;
    private readonly IAlertSender? _sender;
    private readonly ILogger<AlertDispatcher> _logger;
    private int _started;

    /// <summary><paramref name="sender"/> is the host's; without one (a cluster with no gateways) nothing is sent and alerts stay in their outbox.</summary>
    public AlertDispatcher(IGrainFactory grains, ILogger<AlertDispatcher> logger, IAlertSender? sender = null)
    {
        _grains = grains;
        _sender = sender;
        _logger = logger;
    }

    /// <summary>Queues <paramref name="alerts"/> of <paramref name="citizenKey"/>; false when they cannot be sent now.</summary>
    public bool TryHandOver(string citizenKey, PendingAlert[] alerts)
    {
        if (_sender is null || !_queue.Writer.TryWrite((citizenKey, alerts)))
        {
            return false;
        }

        if (Interlocked.Exchange(ref _started, 1) == 0)
        {
            for (var i = 0; i < Senders; i++)
            {
                _ = Task.Run(SendLoopAsync);
            }
        }

        return true;
    }

    private async Task SendLoopAsync()
    {
        try
        {
            await foreach (var (citizenKey, alerts) in _queue.Reader.ReadAllAsync(_stopping.Token))
            {
                try
                {
                    var results = new AlertAttempt[alerts.Length];
                    for (var i = 0; i < alerts.Length; i++)
                    {
                        results[i] = await _sender!.SendAsync(citizenKey, alerts[i], _stopping.Token);
                    }

                    await _grains.GetGrain<ICitizenJournalGrain>(citizenKey).ReportAlertsAsync(results);
                }
                catch (Exception e) when (!_stopping.IsCancellationRequested)
                {
                    // Not reported: the journal sends these again once their in-flight time is over.
                    LogBatchFailed(alerts.Length, e.GetType().Name);
                }
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
        }
    }

    public void Dispose()
    {
        _stopping.Cancel();
        _queue.Writer.TryComplete();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} alert(s) not sent ({Error}); the journal sends them again later")]
    private partial void LogBatchFailed(int count, string error);
}
