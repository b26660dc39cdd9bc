using System.Numerics;

namespace Hawiya.Pki.Revocation;

/// <summary>One entry of a CRL (RFC 5280 §5.1.2.6): which certificate, since when, and why.</summary>
public sealed record RevokedCertificate(BigInteger SerialNumber, DateTimeOffset RevocationDate, RevocationReason Reason);
