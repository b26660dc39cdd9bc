using Hawiya.Contracts.Citizens;
using Hawiya.Contracts.Common;
using Hawiya.Grains.Citizens;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;

namespace Hawiya.Server.Tests.Database;

/// <summary>The query contract of infra/db, exercised through the Orleans providers themselves.</summary>
public sealed class StorageContractTests : IAsyncLifetime
{
    private SiloHost _silo = null!;

    public async Task InitializeAsync()
    {
        var clusterId = TestDatabase.NewClusterId();
        _silo = await SiloHost.StartAsync(clusterId, clusterId);
    }

    public async Task DisposeAsync() => await _silo.DisposeAsync();

    private IGrainStorage Storage => _silo.Host.Services.GetRequiredKeyedService<IGrainStorage>(StorageNames.Default);

    private static CitizenState Probe(CitizenStatus status) => new() { Registered = true, Status = status };

    private static GrainId NewGrainId() => GrainId.Create("probe", Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task WriteStateAsync_StaleETag_ThrowsInconsistentState()
    {
        var grainId = NewGrainId();
        var state = new GrainState<CitizenState> { State = Probe(CitizenStatus.NotActivated) };
        await Storage.WriteStateAsync("probe", grainId, state);
        var staleETag = state.ETag;
        state.State = Probe(CitizenStatus.Active);
        await Storage.WriteStateAsync("probe", grainId, state);

        var stale = new GrainState<CitizenState> { State = Probe(CitizenStatus.Deceased), ETag = staleETag };

        await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.WriteStateAsync("probe", grainId, stale));
        var read = new GrainState<CitizenState>();
        await Storage.ReadStateAsync("probe", grainId, read);
        Assert.Equal(CitizenStatus.Active, Assert.IsType<CitizenState>(read.State).Status);
        Assert.True(read.RecordExists);
    }

    [Fact]
    public async Task WriteStateAsync_NewStateWhenOneExists_ThrowsInconsistentState()
    {
        var grainId = NewGrainId();
        await Storage.WriteStateAsync("probe", grainId, new GrainState<CitizenState> { State = Probe(CitizenStatus.NotActivated) });

        await Assert.ThrowsAsync<InconsistentStateException>(() =>
            Storage.WriteStateAsync("probe", grainId, new GrainState<CitizenState> { State = Probe(CitizenStatus.Frozen) }));
    }

    [Fact]
    public async Task ClearStateAsync_CurrentETag_ClearsAndStaleETagIsRejected()
    {
        var grainId = NewGrainId();
        var state = new GrainState<CitizenState> { State = Probe(CitizenStatus.Active) };
        await Storage.WriteStateAsync("probe", grainId, state);
        var stale = new GrainState<CitizenState> { ETag = "0" };

        await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.ClearStateAsync("probe", grainId, stale));
        await Storage.ClearStateAsync("probe", grainId, state);

        var read = new GrainState<CitizenState>();
        await Storage.ReadStateAsync("probe", grainId, read);
        Assert.False(Assert.IsType<CitizenState>(read.State).Registered);
    }

    [Fact]
    public async Task ReminderTable_UpsertReadAndRemove_RoundTripsWithETags()
    {
        var table = _silo.Host.Services.GetRequiredService<IReminderTable>();
        var grainId = NewGrainId();
        var entry = new ReminderEntry
        {
            GrainId = grainId,
            ReminderName = "expire",
            StartAt = new DateTime(2026, 5, 1, 8, 0, 0, DateTimeKind.Utc),
            Period = TimeSpan.FromMinutes(5),
        };

        var etag = await table.UpsertRow(entry) ?? throw new InvalidOperationException("UpsertRow returned no ETag.");
        var read = await table.ReadRow(grainId, "expire") ?? throw new InvalidOperationException("The reminder was not read back.");
        var all = await table.ReadRows(grainId);
        var inRange = await table.ReadRows(0, uint.MaxValue);

        Assert.Equal(etag, read.ETag);
        Assert.Equal(entry.Period, read.Period);
        Assert.Equal(entry.StartAt, read.StartAt);
        Assert.Single(all.Reminders);
        Assert.Contains(inRange.Reminders, r => r.GrainId == grainId);
        Assert.False(await table.RemoveRow(grainId, "expire", "999999"));
        Assert.True(await table.RemoveRow(grainId, "expire", etag));
        Assert.Empty((await table.ReadRows(grainId)).Reminders);
    }
}
