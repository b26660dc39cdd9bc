using Hawiya.Contracts.Citizens;
using Hawiya.Contracts.Common;

namespace Hawiya.Grains.Citizens;

[GenerateSerializer, Alias("hawiya.CitizenState")]
public sealed class CitizenState
{
    [Id(0)] public bool Registered { get; set; }
    [Id(1)] public CitizenStatus Status { get; set; }
    [Id(2)] public Dictionary<AuthMethod, CitizenMethodState> Methods { get; set; } = [];
    [Id(3)] public List<string> CardKeys { get; set; } = [];
    [Id(4)] public DateTimeOffset? StatusChangedAt { get; set; }
    [Id(5)] public string? PasswordHash { get; set; }
    [Id(6)] public string? Phone { get; set; }
    [Id(7)] public string? Email { get; set; }
    [Id(8)] public byte[]? SealedIdentity { get; set; }
    /// <summary>Random per-citizen secret from which pairwise subject identifiers are derived.</summary>
    [Id(9)] public byte[]? PairwiseSecret { get; set; }
    [Id(10)] public Dictionary<AuthMethod, CitizenFailureState> Failures { get; set; } = [];
    [Id(11)] public Dictionary<string, CitizenConsentState> Consents { get; set; } = [];
    /// <summary>Live login sessions and when each stops mattering.</summary>
    [Id(12)] public Dictionary<string, DateTimeOffset> Sessions { get; set; } = [];
    /// <summary>Enrolled app instances by device id (see CitizenGrain.Devices).</summary>
    [Id(20)] public Dictionary<string, CitizenDeviceState> Devices { get; set; } = [];
    /// <summary>Pushes sent and not yet answered, by login session, with when they lapse.</summary>
    [Id(21)] public Dictionary<string, DateTimeOffset> OutstandingPushes { get; set; } = [];
    /// <summary>When the citizen was last alerted that pushes were throttled.</summary>
    [Id(22)] public DateTimeOffset? LastThrottleAlertAt { get; set; }
    /// <summary>A phone number or address being enrolled, waiting for its code.</summary>
    [Id(23)] public CitizenContactVerificationState? PendingContact { get; set; }
    [Id(24)] public bool PhoneVerified { get; set; }
    [Id(25)] public bool EmailVerified { get; set; }
    /// <summary>The provider each live session serves, so that withdrawing a consent ends that provider's sessions.</summary>
    [Id(70)] public Dictionary<string, string> SessionClients { get; set; } = [];

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
