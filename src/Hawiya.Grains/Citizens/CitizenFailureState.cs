namespace Hawiya.Grains.Citizens;

/// <summary>Consecutive failures of one method and the lockout they caused.</summary>
[GenerateSerializer, Alias("hawiya.CitizenFailureState")]
public sealed class CitizenFailureState
{
    [Id(0)] public int Consecutive { get; set; }
    [Id(1)] public DateTimeOffset? LockedUntil { get; set; }
}
