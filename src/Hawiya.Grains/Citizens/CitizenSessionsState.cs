namespace Hawiya.Grains.Citizens;

/// <summary>The citizen's live login sessions (state "citizen-sessions"), so that they can be revoked together.</summary>
[GenerateSerializer, Alias("hawiya.CitizenSessionsState")]
public sealed class CitizenSessionsState
{
    /// <summary>Live login sessions and when each stops mattering.</summary>
    [Id(0)] public Dictionary<string, DateTimeOffset> Sessions { get; set; } = [];
    /// <summary>The provider each live session serves, so that withdrawing a consent ends that provider's sessions.</summary>
    [Id(1)] public Dictionary<string, string> Clients { get; set; } = [];
}
