using Hawiya.Contracts.Revocation;

namespace Hawiya.Grains.Revocation;

[GenerateSerializer, Alias("hawiya.RevocationListState")]
public sealed class RevocationListState
{
    /// <summary>Revoked and held certificates by serial (lower-case hex).</summary>
    [Id(0)] public Dictionary<string, RevocationEntry> Listed { get; set; } = new(StringComparer.Ordinal);
    /// <summary>The last CRL number taken, full or delta (0: none yet).</summary>
    [Id(1)] public long CrlNumber { get; set; }
    /// <summary>The number of the last full CRL, base of the deltas (0: none yet).</summary>
    [Id(2)] public long LastFullCrlNumber { get; set; }
    /// <summary>Changes since that full CRL, including removeFromCRL for released holds.</summary>
    [Id(3)] public Dictionary<string, RevocationEntry> ChangesSinceFull { get; set; } = new(StringComparer.Ordinal);
    /// <summary>Grows by one with every change of <see cref="Listed"/>.</summary>
    [Id(4)] public long Version { get; set; }
}
