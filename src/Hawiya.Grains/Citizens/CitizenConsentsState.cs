namespace Hawiya.Grains.Citizens;

/// <summary>The citizen's standing consents (state "citizen-consents"), written only when one is granted or withdrawn.</summary>
[GenerateSerializer, Alias("hawiya.CitizenConsentsState")]
public sealed class CitizenConsentsState
{
    /// <summary>One consent per provider, by client id.</summary>
    [Id(0)] public Dictionary<string, CitizenConsentState> Consents { get; set; } = [];
}
