using Hawiya.Contracts.Journal;
using Orleans.Concurrency;

namespace Hawiya.Grains.Journal;

/// <summary>
/// Writes an alert and hands it to the citizen's chosen gateway. Implemented by the host, which
/// holds the gateways; it reads the contact points itself so that they never travel in messages.
/// </summary>
public interface IAlertSender
{
    Task<AlertAttempt> SendAsync(string citizenKey, PendingAlert alert, CancellationToken cancellationToken);
}

/// <summary>Sends a citizen's due alerts, then reports back to the journal.</summary>
[StatelessWorker]
public sealed class AlertSenderGrain(IAlertSender sender) : Grain, IAlertSenderGrain
{
    public async Task SendAsync(string citizenKey, PendingAlert[] alerts)
    {
        var results = new AlertAttempt[alerts.Length];
        for (var i = 0; i < alerts.Length; i++)
        {
            results[i] = await sender.SendAsync(citizenKey, alerts[i], CancellationToken.None);
        }

        await GrainFactory.GetGrain<ICitizenJournalGrain>(citizenKey).ReportAlertsAsync(results);
    }
}
