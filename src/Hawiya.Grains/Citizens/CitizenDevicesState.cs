namespace Hawiya.Grains.Citizens;

/// <summary>The citizen's app instances and the pushes sent to them (state "citizen-devices").</summary>
[GenerateSerializer, Alias("hawiya.CitizenDevicesState")]
public sealed class CitizenDevicesState
{
    /// <summary>Enrolled app instances by device id (see CitizenGrain.Devices).</summary>
    [Id(0)] public Dictionary<string, CitizenDeviceState> Devices { get; set; } = [];
    /// <summary>Pushes sent and not yet answered, by login session, with when they lapse.</summary>
    [Id(1)] public Dictionary<string, DateTimeOffset> OutstandingPushes { get; set; } = [];
    /// <summary>When the citizen was last alerted that pushes were throttled.</summary>
    [Id(2)] public DateTimeOffset? LastThrottleAlertAt { get; set; }
}
