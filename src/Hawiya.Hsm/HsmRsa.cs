using System.Security.Cryptography;
using Net.Pkcs11Interop.Common;

namespace Hawiya.Hsm;

/// <summary>
/// An RSA key whose private half stays in the token. Signing is RSASSA-PKCS1-v1_5 with SHA-256 only
/// (RS256, RFC 7518 §3.3): the DigestInfo of the hash (RFC 8017 §9.2) signed with <c>CKM_RSA_PKCS</c>.
/// Verification, encryption and the public parameters are local; decryption and every private-key
/// export throw.
/// </summary>
public sealed class HsmRsa : RSA
{
    // RFC 8017 §9.2 note 1: the DER prefix of a SHA-256 DigestInfo.
    private static readonly byte[] Sha256DigestInfo =
        [0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00, 0x04, 0x20];

    private readonly HsmKey _key;
    private readonly RSA _public;

    internal HsmRsa(HsmKey key)
    {
        _key = key;
        _public = Create(key.RsaPublicKey!.Value);
        KeySizeValue = _public.KeySize;
        LegalKeySizesValue = [new KeySizes(KeySizeValue, KeySizeValue, 0)];
    }

    /// <summary>The key's label in the token.</summary>
    public string Label => _key.Label;

    public override byte[] SignHash(byte[] hash, HashAlgorithmName hashAlgorithm, RSASignaturePadding padding)
    {
        ArgumentNullException.ThrowIfNull(hash);
        if (hashAlgorithm != HashAlgorithmName.SHA256 || padding != RSASignaturePadding.Pkcs1 || hash.Length != 32)
        {
            throw new CryptographicException("an HSM RSA key signs RS256 only (SHA-256, PKCS#1 v1.5)");
        }

        return _key.Token.Sign(_key, CKM.CKM_RSA_PKCS, [.. Sha256DigestInfo, .. hash]);
    }

    public override bool VerifyHash(byte[] hash, byte[] signature, HashAlgorithmName hashAlgorithm, RSASignaturePadding padding) =>
        _public.VerifyHash(hash, signature, hashAlgorithm, padding);

    protected override byte[] HashData(byte[] data, int offset, int count, HashAlgorithmName hashAlgorithm) =>
        CryptographicOperations.HashData(hashAlgorithm, data.AsSpan(offset, count));

    protected override byte[] HashData(Stream data, HashAlgorithmName hashAlgorithm) =>
        CryptographicOperations.HashData(hashAlgorithm, data);

    public override byte[] Encrypt(byte[] data, RSAEncryptionPadding padding) => _public.Encrypt(data, padding);

    public override byte[] Decrypt(byte[] data, RSAEncryptionPadding padding) =>
        throw new NotSupportedException($"the key {_key.Label} signs only");

    public override RSAParameters ExportParameters(bool includePrivateParameters) => includePrivateParameters
        ? throw new CryptographicException($"the private key {_key.Label} stays in the HSM")
        : _public.ExportParameters(false);

    public override void ImportParameters(RSAParameters parameters) =>
        throw new NotSupportedException("an HSM key is generated in the token, never imported");

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _public.Dispose();
        }

        base.Dispose(disposing);
    }
}
