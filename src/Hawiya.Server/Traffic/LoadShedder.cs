using Microsoft.Extensions.Options;

namespace Hawiya.Server.Traffic;

/// <summary>
/// Overload protection of one silo: a count of requests in flight. When the silo is saturated its
/// requests take longer, so more of them are in flight at once (Little's law); past the limit a
/// request is refused at once, with no queue, for the cost of an increment. New work is refused
/// <see cref="TrafficSettings.PriorityReserve"/> slots earlier than logins already under way.
/// </summary>
public sealed class LoadShedder(IOptions<TrafficSettings> settings)
{
    private int _inFlight;

    public int InFlight => Volatile.Read(ref _inFlight);

    public bool TryEnter(bool priority)
    {
        var s = settings.Value;
        var limit = priority ? s.MaxConcurrentRequests : s.MaxConcurrentRequests - s.PriorityReserve;
        if (Interlocked.Increment(ref _inFlight) <= limit)
        {
            return true;
        }

        Interlocked.Decrement(ref _inFlight);
        return false;
    }

    public void Exit() => Interlocked.Decrement(ref _inFlight);
}
