using System.Collections.Concurrent;

namespace Hawiya.Server.Hosting;

/// <summary>
/// Diagnostics: every grain call this silo receives, counted by interface and method, to see
/// where a login's grain calls go (docs/benchmarks.md, "Work per login"). Off unless
/// <c>Hawiya:Diagnostics:GrainCallCensus</c> is true: it adds a filter to every call.
/// </summary>
public sealed class GrainCallCensus : IIncomingGrainCallFilter
{
    public const string Setting = "Hawiya:Diagnostics:GrainCallCensus";

    private readonly ConcurrentDictionary<(string Interface, string Method), long[]> _calls = new();

    public Task Invoke(IIncomingGrainCallContext context)
    {
        var counter = _calls.GetOrAdd((context.InterfaceName, context.MethodName), static _ => new long[1]);
        Interlocked.Increment(ref counter[0]);
        return context.Invoke();
    }

    /// <summary>Cumulative counts since the silo started, largest first.</summary>
    public IReadOnlyList<GrainCallCount> Snapshot() => _calls
        .Select(kv => new GrainCallCount(kv.Key.Interface, kv.Key.Method, Interlocked.Read(ref kv.Value[0])))
        .OrderByDescending(c => c.Calls)
        .ToArray();
}

public sealed record GrainCallCount(string Interface, string Method, long Calls);
