namespace Hawiya.Pki.Crl;

/// <summary>Publication schedule of CRLs, as promised to relying parties through nextUpdate.</summary>
public sealed record CrlBuilderOptions
{
    /// <summary>nextUpdate − thisUpdate of a full CRL (RFC 5280 §5.1.2.5).</summary>
    public TimeSpan FullCrlValidity { get; init; } = TimeSpan.FromDays(1);

    /// <summary>nextUpdate − thisUpdate of a delta CRL; deltas are published more often than full CRLs.</summary>
    public TimeSpan DeltaCrlValidity { get; init; } = TimeSpan.FromHours(1);

    /// <summary>
    /// Where the delta CRL is published. When set, full CRLs carry a Freshest CRL extension
    /// (RFC 5280 §5.2.6) pointing to it, which is how a relying party (OpenSSL included) learns that
    /// deltas exist.
    /// </summary>
    public string? DeltaCrlUrl { get; init; }
}
