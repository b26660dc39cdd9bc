using System.Security.Cryptography;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.X509;
using BcBigInteger = Org.BouncyCastle.Math.BigInteger;
using NetBigInteger = System.Numerics.BigInteger;

namespace Hawiya.Pki.Keys;

/// <summary>Bridges between .NET keys and numbers and their BouncyCastle counterparts.</summary>
public static class KeyConversions
{
    /// <summary>A new P-256 key pair (NIST SP 800-186 secp256r1), the default for every non-root key.</summary>
    public static ECDsa NewP256() => ECDsa.Create(ECCurve.NamedCurves.nistP256);

    /// <summary>A new P-384 key pair, used for the long-lived root.</summary>
    public static ECDsa NewP384() => ECDsa.Create(ECCurve.NamedCurves.nistP384);

    public static SubjectPublicKeyInfo SubjectPublicKeyInfo(ECDsa key) =>
        Org.BouncyCastle.Asn1.X509.SubjectPublicKeyInfo.GetInstance(key.ExportSubjectPublicKeyInfo());

    /// <summary>Imports a DER SubjectPublicKeyInfo, refusing anything but P-256 and P-384 keys.</summary>
    public static SubjectPublicKeyInfo ParseEcPublicKey(ReadOnlySpan<byte> subjectPublicKeyInfo)
    {
        using var key = ECDsa.Create();
        try
        {
            key.ImportSubjectPublicKeyInfo(subjectPublicKeyInfo, out var read);
            if (read != subjectPublicKeyInfo.Length)
            {
                throw new ArgumentException("Trailing bytes after the SubjectPublicKeyInfo.", nameof(subjectPublicKeyInfo));
            }
        }
        catch (CryptographicException ex)
        {
            throw new ArgumentException("Not an EC SubjectPublicKeyInfo.", nameof(subjectPublicKeyInfo), ex);
        }

        if (key.KeySize is not (256 or 384))
        {
            throw new ArgumentException($"Unsupported EC key size {key.KeySize}: use P-256 or P-384.", nameof(subjectPublicKeyInfo));
        }

        return SubjectPublicKeyInfo(key);
    }

    /// <summary>True when <paramref name="key"/> is the private half of the certificate's public key.</summary>
    public static bool Matches(ECDsa key, X509Certificate certificate) =>
        key.ExportSubjectPublicKeyInfo().AsSpan().SequenceEqual(certificate.CertificateStructure.SubjectPublicKeyInfo.GetDerEncoded());

    public static BcBigInteger ToBouncyCastle(NetBigInteger value) =>
        new(value.ToByteArray(isUnsigned: false, isBigEndian: true));

    public static NetBigInteger ToNet(BcBigInteger value) =>
        new(value.ToByteArray(), isUnsigned: false, isBigEndian: true);
}
