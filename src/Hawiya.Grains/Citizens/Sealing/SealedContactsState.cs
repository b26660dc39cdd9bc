namespace Hawiya.Grains.Citizens.Sealing;

/// <summary>
/// A citizen's contact points as stored: each value AES-GCM sealed under the citizen's data key,
/// the data key wrapped under the key-encryption key named by <see cref="KeyId"/> (see <see cref="ContactSeal"/>).
/// </summary>
[GenerateSerializer, Alias("hawiya.SealedContactsState")]
public sealed class SealedContactsState
{
    [Id(0)] public string KeyId { get; set; } = string.Empty;
    [Id(1)] public byte[] WrappedDataKey { get; set; } = [];
    [Id(2)] public byte[]? Phone { get; set; }
    [Id(3)] public byte[]? Email { get; set; }
    /// <summary>The phone number or address waiting for its code (<see cref="CitizenState.PendingContact"/>).</summary>
    [Id(4)] public byte[]? PendingDestination { get; set; }
}
