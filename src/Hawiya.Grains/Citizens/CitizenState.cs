using Hawiya.Contracts.Citizens;
using Hawiya.Contracts.Common;

namespace Hawiya.Grains.Citizens;

[GenerateSerializer, Alias("hawiya.CitizenMethodState")]
public sealed class CitizenMethodState
{
    [Id(0)] public bool Enabled { get; set; }
    [Id(1)] public DateTimeOffset EnrolledAt { get; set; }
}

[GenerateSerializer, Alias("hawiya.CitizenState")]
public sealed class CitizenState
{
    [Id(0)] public bool Registered { get; set; }
    [Id(1)] public CitizenStatus Status { get; set; }
    [Id(2)] public Dictionary<AuthMethod, CitizenMethodState> Methods { get; set; } = [];
    [Id(3)] public List<string> CardKeys { get; set; } = [];
    [Id(4)] public DateTimeOffset? StatusChangedAt { get; set; }

    public CitizenSnapshot ToSnapshot() => new()
    {
        Registered = Registered,
        Status = Status,
        Methods = Methods
            .OrderBy(m => m.Key)
            .Select(m => new EnrolledMethod { Method = m.Key, Enabled = m.Value.Enabled, EnrolledAt = m.Value.EnrolledAt })
            .ToArray(),
        CardKeys = CardKeys.ToArray(),
        StatusChangedAt = StatusChangedAt,
    };
}
