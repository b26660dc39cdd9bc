namespace Hawiya.Contracts.Revocation;

/// <summary>
/// The revocation list of one issuing CA (key <see cref="RevocationLists.CardCa"/>): revoked and held
/// serials, the CRL number sequence shared by full and delta CRLs (RFC 5280 §5.2.3), and the changes
/// since the last full CRL that the next delta must carry.
/// </summary>
[Alias("hawiya.IRevocationListGrain")]
public interface IRevocationListGrain : IGrainWithStringKey
{
    /// <summary>Records a status change of the certificate <paramref name="serial"/>; repeating one is harmless.</summary>
    [Alias("Record")]
    Task<RevocationResult> RecordAsync(string serial, RevocationChange change);

    /// <summary>The entry of <paramref name="serial"/>, if listed.</summary>
    [Alias("GetStatus")]
    Task<RevocationStatus> GetStatusAsync(string serial);

    /// <summary>The current version; cheap, polled by every silo to know when to refresh.</summary>
    [Alias("GetVersion")]
    Task<long> GetVersionAsync();

    /// <summary>Every listed entry (revoked and on hold), for CRLs and the OCSP responders' copies.</summary>
    [Alias("GetEntries")]
    Task<RevocationListView> GetEntriesAsync();

    /// <summary>
    /// Durably takes the next CRL number and returns the entries the CRL must list. A full CRL
    /// becomes the base of the deltas that follow. A delta asked for before any full CRL is
    /// answered as a full one (<see cref="CrlNumbering.Kind"/> tells which).
    /// </summary>
    [Alias("NextCrlNumber")]
    Task<CrlNumbering> NextCrlNumberAsync(CrlKind kind);
}
