using System.Globalization;
using System.Numerics;
using Hawiya.Contracts.Revocation;
using Hawiya.Pki.Revocation;

namespace Hawiya.Server.Revocation;

/// <summary>The one place where the grains' revocation records become the PKI library's types.</summary>
internal static class RevocationMapping
{
    /// <summary>A lower-case hex serial (RFC 5280 §4.1.2.2, a positive integer) as a number.</summary>
    public static BigInteger ToSerialNumber(string hex) =>
        BigInteger.Parse("0" + hex, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);

    public static RevokedCertificate ToRevokedCertificate(this RevocationEntry entry) =>
        new(ToSerialNumber(entry.Serial), entry.RevokedAt, entry.Reason);

    public static CertificateStatus ToCertificateStatus(this RevocationEntry entry) =>
        CertificateStatus.Revoked(entry.RevokedAt, entry.Reason);
}
