namespace Hawiya.Grains.Citizens;

/// <summary>What the citizen agreed to release to one provider, and when.</summary>
[GenerateSerializer, Alias("hawiya.CitizenConsentState")]
public sealed class CitizenConsentState
{
    [Id(0)] public string[] Scopes { get; set; } = [];
    [Id(1)] public string[] Claims { get; set; } = [];
    [Id(2)] public DateTimeOffset GrantedAt { get; set; }
}
