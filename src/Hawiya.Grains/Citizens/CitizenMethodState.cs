namespace Hawiya.Grains.Citizens;

/// <summary>An enrolled authentication method: on or off, and since when.</summary>
[GenerateSerializer, Alias("hawiya.CitizenMethodState")]
public sealed class CitizenMethodState
{
    [Id(0)] public bool Enabled { get; set; }
    [Id(1)] public DateTimeOffset EnrolledAt { get; set; }
}
