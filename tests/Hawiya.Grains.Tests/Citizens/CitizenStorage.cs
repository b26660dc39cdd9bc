using Hawiya.Contracts.Citizens;
using Hawiya.Grains.Citizens;

namespace Hawiya.Grains.Tests.Citizens;

/// <summary>A citizen's four states as the silo's grain storage holds them, read and written past the grain.</summary>
internal sealed class CitizenStorage(ClusterFixture fixture)
{
    public static readonly string[] Names = ["citizen", "citizen-consents", "citizen-sessions", "citizen-devices"];

    public async Task<Stored<T>> ReadAsync<T>(string name, ICitizenGrain citizen)
        where T : new()
    {
        var stored = await fixture.ReadStoredAsync<T>(name, citizen);
        return new Stored<T>(stored.State ?? new T(), stored.ETag, stored.RecordExists);
    }

    public Task WriteAsync<T>(string name, ICitizenGrain citizen, T state) => fixture.WriteStoredAsync(name, citizen, state);

    /// <summary>The stored ETag of each state by name (null for a state never written).</summary>
    public async Task<Dictionary<string, string?>> ETagsAsync(ICitizenGrain citizen) => new()
    {
        ["citizen"] = (await ReadAsync<CitizenState>("citizen", citizen)).ETag,
        ["citizen-consents"] = (await ReadAsync<CitizenConsentsState>("citizen-consents", citizen)).ETag,
        ["citizen-sessions"] = (await ReadAsync<CitizenSessionsState>("citizen-sessions", citizen)).ETag,
        ["citizen-devices"] = (await ReadAsync<CitizenDevicesState>("citizen-devices", citizen)).ETag,
    };

    /// <summary>The names of the states whose stored ETag differs between two readings.</summary>
    public static string[] Changed(Dictionary<string, string?> before, Dictionary<string, string?> after) =>
        Names.Where(name => before[name] != after[name]).ToArray();
}

/// <summary>One state as storage holds it.</summary>
internal sealed record Stored<T>(T State, string? ETag, bool RecordExists);
