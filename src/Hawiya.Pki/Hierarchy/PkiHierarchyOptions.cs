namespace Hawiya.Pki.Hierarchy;

/// <summary>Names and lifetimes used when a new hierarchy is created.</summary>
public sealed record PkiHierarchyOptions
{
    /// <summary>ISO 3166-1 alpha-2 country code for the subject names (RFC 5280 Appendix A: PrintableString SIZE (2)).</summary>
    public string CountryCode { get; init; } = "MA";

    public string OrganizationName { get; init; } = "Hawiya";

    /// <summary>
    /// Marks the hierarchy as a development one: "(development)" in every name and the
    /// <see cref="HawiyaOids.DevelopmentHierarchyPolicy"/> policy in the root, which production refuses.
    /// </summary>
    public bool Development { get; init; }

    public TimeSpan RootValidity { get; init; } = TimeSpan.FromDays(365 * 20);

    /// <summary>Covers the cards it signs: a card is valid ten years, so its identity data must stay verifiable as long.</summary>
    public TimeSpan DocumentSignerValidity { get; init; } = TimeSpan.FromDays(365 * 12);

    public TimeSpan CardCaValidity { get; init; } = TimeSpan.FromDays(365 * 15);

    /// <summary>Short: the OCSP signer carries id-pkix-ocsp-nocheck, so its own revocation is never checked (RFC 6960 §4.2.2.2.1).</summary>
    public TimeSpan OcspSignerValidity { get; init; } = TimeSpan.FromDays(365);

    public TimeSpan ReaderCaValidity { get; init; } = TimeSpan.FromDays(365 * 15);

    /// <summary>
    /// Certificates start this much before "now", so that a verifier whose clock runs a little
    /// behind does not reject a certificate it receives seconds after issuance.
    /// </summary>
    public TimeSpan Backdate { get; init; } = TimeSpan.FromMinutes(5);

    internal void Validate()
    {
        if (CountryCode.Length != 2 || !CountryCode.All(char.IsAsciiLetterUpper))
        {
            throw new PkiConfigurationException($"Country code '{CountryCode}' is not an ISO 3166-1 alpha-2 code.");
        }

        if (string.IsNullOrWhiteSpace(OrganizationName))
        {
            throw new PkiConfigurationException("An organization name is required.");
        }
    }
}
