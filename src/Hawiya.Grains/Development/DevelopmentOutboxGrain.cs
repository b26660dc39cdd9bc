using Hawiya.Contracts.Development;
using Microsoft.Extensions.Hosting;

namespace Hawiya.Grains.Development;

/// <summary>
/// One recipient's development outbox, cluster-wide (<see cref="IDevelopmentOutboxGrain"/>). It
/// stays active while it holds an unexpired message, so nothing is forgotten before its time
/// unless its silo is lost.
/// </summary>
public sealed class DevelopmentOutboxGrain : Grain, IDevelopmentOutboxGrain
{
    /// <summary>Messages kept per recipient and channel; older ones are dropped first.</summary>
    public const int Capacity = 50;

    private readonly List<DevelopmentOutboxMessage> _messages = [];
    private readonly TimeProvider _time;

    public DevelopmentOutboxGrain(TimeProvider time, IHostEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        // SECURITY: it holds one-time codes; a production cluster never activates it.
        if (!environment.IsDevelopment())
        {
            throw new InvalidOperationException("The development outbox exists in Development only.");
        }

        _time = time;
    }

    public Task AddAsync(DevelopmentOutboxMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        Purge();
        _messages.Add(message);
        if (_messages.Count > Capacity)
        {
            _messages.RemoveAt(0);
        }

        var keep = message.ExpiresAt - _time.GetUtcNow();
        if (keep > TimeSpan.Zero)
        {
            DelayDeactivation(keep);
        }

        return Task.CompletedTask;
    }

    public Task<DevelopmentOutboxMessage[]> ListAsync(int max)
    {
        Purge();
        return Task.FromResult(_messages.AsEnumerable().Reverse().Take(Math.Max(0, max)).ToArray());
    }

    private void Purge()
    {
        var now = _time.GetUtcNow();
        _messages.RemoveAll(m => m.ExpiresAt <= now);
    }
}
