using Org.BouncyCastle.Asn1;

namespace Hawiya.Pki;

/// <summary>
/// Object identifiers Hawiya defines for itself.
/// </summary>
/// <remarks>
/// The arc is a UUID-derived OID (ITU-T X.667 / RFC 4122 §4, arc 2.25): it is unique without
/// registration, so no private enterprise number has to be borrowed or invented.
/// </remarks>
public static class HawiyaOids
{
    /// <summary>2.25.{uuid 7afffdf7-886d-43a8-817e-33f08151b1c6}: the root of every Hawiya OID.</summary>
    public const string Arc = "2.25.163495002245894036192427615340144472518";

    /// <summary>eContentType of the signed identity document (the card's "SOD", see <c>Identity/</c>).</summary>
    public static readonly DerObjectIdentifier IdentityDocument = new(Arc + ".1");

    /// <summary>Extended key usage that lets a certificate sign identity documents.</summary>
    public static readonly DerObjectIdentifier DocumentSigning = new(Arc + ".2");

    /// <summary>
    /// Certificate policy carried by the root of a development hierarchy, so that production
    /// refuses it whatever the files are called.
    /// </summary>
    public static readonly DerObjectIdentifier DevelopmentHierarchyPolicy = new(Arc + ".3");
}
