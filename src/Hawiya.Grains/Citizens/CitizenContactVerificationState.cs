using Hawiya.Contracts.Common;

namespace Hawiya.Grains.Citizens;

/// <summary>A contact point waiting for the code sent to it; only a keyed digest of the code is kept, the destination is sealed.</summary>
[GenerateSerializer, Alias("hawiya.CitizenContactVerificationState")]
public sealed class CitizenContactVerificationState
{
    [Id(0)] public AuthMethod Channel { get; set; }
    /// <summary>The destination as stored before it was sealed (see <see cref="Sealing.ContactSealHooks"/>).</summary>
    [Id(1)] public string? LegacyDestination { get; set; }
    /// <summary>In memory only: sealed with the citizen's other contact points when the state is written.</summary>
    [field: NonSerialized] public string Destination { get; set; } = string.Empty;
    [Id(2)] public byte[] Salt { get; set; } = [];
    [Id(3)] public byte[] Digest { get; set; } = [];
    [Id(4)] public DateTimeOffset ExpiresAt { get; set; }
    [Id(5)] public int Attempts { get; set; }
}
