using Hawiya.Pki.Hierarchy;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Security.Certificates;
using Org.BouncyCastle.X509;

namespace Hawiya.Server.Cards;

/// <summary>
/// The reader CA's CRL (RFC 5280 §5), from the file <see cref="ReaderTrustSettings.CrlFile"/>
/// (made with <c>hawiya-pki crl --issuer reader-ca</c>), verified against the reader CA. It is read
/// again whenever the file changes, so publishing a new CRL withdraws a reader without a restart.
/// </summary>
/// <remarks>
/// SECURITY: fails closed. A CRL that is configured but missing, unreadable, not the reader CA's or
/// not signed by it makes every reader refused, rather than trusting readers it may list.
/// </remarks>
public sealed class ReaderCrl(X509Certificate readerCa)
{
    private readonly Lock _gate = new();
    private (string Path, DateTime WrittenAt, X509Crl Crl)? _loaded;

    /// <summary>Whether the CRL at <paramref name="path"/> lists <paramref name="serial"/> (certificateHold included).</summary>
    /// <exception cref="CertificateValidationException">The CRL cannot be used.</exception>
    public bool Lists(string path, Org.BouncyCastle.Math.BigInteger serial) =>
        Load(path).GetRevokedCertificate(serial) is not null;

    private X509Crl Load(string path)
    {
        DateTime writtenAt;
        try
        {
            writtenAt = File.GetLastWriteTimeUtc(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            throw new CertificateValidationException("The reader CA's CRL cannot be read.");
        }

        lock (_gate)
        {
            if (_loaded is { } loaded && loaded.Path == path && loaded.WrittenAt == writtenAt)
            {
                return loaded.Crl;
            }
        }

        var crl = Verify(Read(path));
        lock (_gate)
        {
            _loaded = (path, writtenAt, crl);
        }

        return crl;
    }

    private static byte[] Read(string path)
    {
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            throw new CertificateValidationException("The reader CA's CRL cannot be read.");
        }
    }

    private X509Crl Verify(byte[] der)
    {
        X509Crl crl;
        try
        {
            crl = new X509CrlParser().ReadCrl(der) ?? throw new CertificateValidationException("The reader CA's CRL is empty.");
        }
        catch (Exception e) when (e is IOException or ArgumentException or CrlException)
        {
            throw new CertificateValidationException("The reader CA's CRL is not a CRL.");
        }

        // RFC 5280 §6.3.3 (f), (g): the CRL's issuer is the reader CA and its signature verifies with the CA's key.
        if (!crl.IssuerDN.Equivalent(readerCa.SubjectDN))
        {
            throw new CertificateValidationException("The configured CRL is not the reader CA's.");
        }

        try
        {
            crl.Verify(readerCa.GetPublicKey());
        }
        catch (Exception e) when (e is Org.BouncyCastle.Security.InvalidKeyException or Org.BouncyCastle.Security.SignatureException or CrlException)
        {
            throw new CertificateValidationException("The reader CA's CRL is not signed by the reader CA.");
        }

        // A delta alone does not list what its base listed: only a full CRL is accepted here.
        return crl.GetExtensionValue(X509Extensions.DeltaCrlIndicator) is null
            ? crl
            : throw new CertificateValidationException("The configured reader CRL is a delta CRL; a full CRL is needed.");
    }
}
