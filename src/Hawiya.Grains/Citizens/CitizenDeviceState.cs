namespace Hawiya.Grains.Citizens;

/// <summary>An enrolled app instance: its public key (P-256), push token and label.</summary>
[GenerateSerializer, Alias("hawiya.CitizenDeviceState")]
public sealed class CitizenDeviceState
{
    [Id(0)] public string Label { get; set; } = string.Empty;
    [Id(1)] public string PublicKeyX { get; set; } = string.Empty;
    [Id(2)] public string PublicKeyY { get; set; } = string.Empty;
    [Id(3)] public string PushToken { get; set; } = string.Empty;
    [Id(4)] public DateTimeOffset EnrolledAt { get; set; }
}
