using System.Diagnostics.Metrics;
using Hawiya.Server.Database;

namespace Hawiya.Server.Operators;

/// <summary>
/// What this silo has spent since it started, for operators and load tests: CPU, garbage
/// collection, and the work units a request is made of (HTTP requests served, grain calls
/// awaited, grain-state reads and writes), counted from the runtime's own meters. A load test
/// reads it before and after a run and divides by the operations it completed.
/// </summary>
public sealed class SiloWork : IDisposable
{
    // The instruments ASP.NET Core and Orleans publish (one measurement per unit of work).
    private const string HttpRequests = "http.server.request.duration";
    private const string GrainCalls = "orleans-app-requests-latency";
    private const string StorageReads = "orleans-storage-read-latency";
    private const string StorageWrites = "orleans-storage-write-latency";
    // Statements outside grain storage, counted with it.
    private const string LedgerReads = PostgresParticipationLedger.ReadInstrument;
    private const string LedgerWrites = PostgresParticipationLedger.WriteInstrument;

    private readonly MeterListener _listener = new();
    private long _httpRequests;
    private long _grainCalls;
    private long _storageReads;
    private long _storageWrites;

    public SiloWork()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Name is HttpRequests or GrainCalls or StorageReads or StorageWrites or LedgerReads or LedgerWrites)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<double>((instrument, _, _, _) => Count(instrument));
        _listener.SetMeasurementEventCallback<long>((instrument, _, _, _) => Count(instrument));
        _listener.Start();
    }

    public SiloWorkSnapshot Snapshot(string silo) => new(
        silo,
        DateTimeOffset.UtcNow,
        Environment.ProcessorCount,
        Environment.CpuUsage.TotalTime.TotalSeconds,
        GC.CollectionCount(0),
        GC.CollectionCount(1),
        GC.CollectionCount(2),
        GC.GetTotalAllocatedBytes(),
        GC.GetTotalPauseDuration().TotalSeconds,
        Interlocked.Read(ref _httpRequests),
        Interlocked.Read(ref _grainCalls),
        Interlocked.Read(ref _storageReads),
        Interlocked.Read(ref _storageWrites));

    public void Dispose() => _listener.Dispose();

    private void Count(Instrument instrument)
    {
        switch (instrument.Name)
        {
            case HttpRequests: Interlocked.Increment(ref _httpRequests); break;
            case GrainCalls: Interlocked.Increment(ref _grainCalls); break;
            case StorageReads or LedgerReads: Interlocked.Increment(ref _storageReads); break;
            case StorageWrites or LedgerWrites: Interlocked.Increment(ref _storageWrites); break;
        }
    }
}

/// <summary>Cumulative since the silo started; only differences between two snapshots mean anything.</summary>
public sealed record SiloWorkSnapshot(
    string Silo,
    DateTimeOffset At,
    int Cores,
    double CpuSeconds,
    int Gen0Collections,
    int Gen1Collections,
    int Gen2Collections,
    long AllocatedBytes,
    double GcPauseSeconds,
    long HttpRequests,
    long GrainCalls,
    long StorageReads,
    long StorageWrites);
