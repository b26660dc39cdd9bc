using Hawiya.Contracts.Logout;
using Orleans.Concurrency;

namespace Hawiya.Grains.Logout;

/// <summary>
/// Signs and POSTs one logout token (OpenID Connect Back-Channel Logout 1.0 §2.5). Implemented
/// by the host, which holds the provider's signing keys and its HTTP clients.
/// </summary>
public interface IBackchannelLogoutSender
{
    Task<LogoutAttempt> SendAsync(string clientId, Uri endpoint, string subject, CancellationToken cancellationToken);
}

/// <summary>Delivers a batch for one provider, a few at a time, then reports back to its queue.</summary>
[StatelessWorker]
public sealed class BackchannelLogoutSenderGrain(IBackchannelLogoutSender sender) : Grain, IBackchannelLogoutSenderGrain
{
    private const int Parallelism = 8;

    public async Task SendAsync(string clientId, string endpoint, string[] subjects)
    {
        var uri = new Uri(endpoint, UriKind.Absolute);
        var results = new LogoutAttempt[subjects.Length];
        await Parallel.ForAsync(0, subjects.Length, new ParallelOptions { MaxDegreeOfParallelism = Parallelism }, async (i, cancellation) =>
            results[i] = await sender.SendAsync(clientId, uri, subjects[i], cancellation));
        await GrainFactory.GetGrain<IBackchannelLogoutGrain>(clientId).ReportAsync(results);
    }
}
