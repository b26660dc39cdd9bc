using Hawiya.Contracts.Citizens;
using Hawiya.Contracts.Common;
using Hawiya.Grains.Citizens.Sealing;

namespace Hawiya.Grains.Citizens;

/// <summary>
/// The identity itself (state "citizen"): status, methods, credentials and contact points, and the
/// counters a login spends. Consents, sessions and devices live in states of their own, so that a
/// login writes only the part it changed.
/// </summary>
[GenerateSerializer, Alias("hawiya.CitizenState"), SerializationCallbacks(typeof(ContactSealHooks))]
public sealed class CitizenState
{
    [Id(0)] public bool Registered { get; set; }
    [Id(1)] public CitizenStatus Status { get; set; }
    [Id(2)] public Dictionary<AuthMethod, CitizenMethodState> Methods { get; set; } = [];
    [Id(3)] public List<string> CardKeys { get; set; } = [];
    [Id(4)] public DateTimeOffset? StatusChangedAt { get; set; }
    [Id(5)] public string? PasswordHash { get; set; }
    /// <summary>Phone and address as stored before they were sealed; read once, then written sealed (<see cref="ContactSealHooks"/>).</summary>
    [Id(6)] public string? LegacyPhone { get; set; }
    [Id(7)] public string? LegacyEmail { get; set; }
    /// <summary>The contact points as stored: sealed (<see cref="ContactSeal"/>).</summary>
    [Id(26)] public SealedContactsState? SealedContacts { get; set; }

    // In memory only (no [Id]): the open values, sealed into SealedContacts whenever the state is written.
    [field: NonSerialized] public string? Phone { get; set; }
    [field: NonSerialized] public string? Email { get; set; }
    [field: NonSerialized] internal byte[]? DataKey { get; set; }
    /// <summary>The state was read with contact points in the clear: its activation writes it sealed.</summary>
    [field: NonSerialized] public bool StoredInClear { get; set; }
    [Id(8)] public byte[]? SealedIdentity { get; set; }
    /// <summary>Random per-citizen secret from which pairwise subject identifiers are derived.</summary>
    [Id(9)] public byte[]? PairwiseSecret { get; set; }
    [Id(10)] public Dictionary<AuthMethod, CitizenFailureState> Failures { get; set; } = [];
    /// <summary>A phone number or address being enrolled, waiting for its code.</summary>
    [Id(23)] public CitizenContactVerificationState? PendingContact { get; set; }
    [Id(24)] public bool PhoneVerified { get; set; }
    [Id(25)] public bool EmailVerified { get; set; }

    // Legacy: where citizens stored before the split kept their consents, sessions and devices.
    // Read only by CitizenGrain.Migration, which moves them to their own states and empties these;
    // the ids stay so that old rows still deserialise.
    [Id(11)] public Dictionary<string, CitizenConsentState>? LegacyConsents { get; set; }
    [Id(12)] public Dictionary<string, DateTimeOffset>? LegacySessions { get; set; }
    [Id(20)] public Dictionary<string, CitizenDeviceState>? LegacyDevices { get; set; }
    [Id(21)] public Dictionary<string, DateTimeOffset>? LegacyOutstandingPushes { get; set; }
    [Id(22)] public DateTimeOffset? LegacyLastThrottleAlertAt { get; set; }
    [Id(70)] public Dictionary<string, string>? LegacySessionClients { get; set; }

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
