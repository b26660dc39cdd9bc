using System.Security.Cryptography;
using Net.Pkcs11Interop.Common;

namespace Hawiya.Hsm;

/// <summary>
/// An EC P-256 key whose private half stays in the token: <see cref="SignHash(byte[])"/> is one
/// <c>CKM_ECDSA</c> signature by the token over the digest (PKCS#11 §2.3.6), whose output is r ‖ s,
/// the IEEE P1363 form .NET and JOSE (RFC 7518 §3.4) use. Verification and the public parameters
/// are local. Anything that would read the private key (<c>ExportParameters(true)</c>, every
/// private-key export built on it) throws.
/// </summary>
public sealed class HsmECDsa : ECDsa
{
    private readonly HsmKey _key;
    private readonly ECDsa _public;

    internal HsmECDsa(HsmKey key)
    {
        _key = key;
        _public = Create(key.EcPublicKey!.Value);
        KeySizeValue = 256;
        LegalKeySizesValue = [new KeySizes(256, 256, 0)];
    }

    /// <summary>The key's label in the token.</summary>
    public string Label => _key.Label;

    public override byte[] SignHash(byte[] hash)
    {
        ArgumentNullException.ThrowIfNull(hash);
        return _key.Token.Sign(_key, CKM.CKM_ECDSA, hash);
    }

    public override bool VerifyHash(byte[] hash, byte[] signature) => _public.VerifyHash(hash, signature);

    protected override byte[] HashData(byte[] data, int offset, int count, HashAlgorithmName hashAlgorithm) =>
        CryptographicOperations.HashData(hashAlgorithm, data.AsSpan(offset, count));

    protected override byte[] HashData(Stream data, HashAlgorithmName hashAlgorithm) =>
        CryptographicOperations.HashData(hashAlgorithm, data);

    public override ECParameters ExportParameters(bool includePrivateParameters) => includePrivateParameters
        ? throw new CryptographicException($"the private key {_key.Label} stays in the HSM")
        : _public.ExportParameters(false);

    public override ECParameters ExportExplicitParameters(bool includePrivateParameters) => includePrivateParameters
        ? throw new CryptographicException($"the private key {_key.Label} stays in the HSM")
        : _public.ExportExplicitParameters(false);

    public override void ImportParameters(ECParameters parameters) =>
        throw new NotSupportedException("an HSM key is generated in the token, never imported");

    public override void GenerateKey(ECCurve curve) =>
        throw new NotSupportedException("an HSM key is generated in the token (HsmToken.GenerateEcP256)");

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _public.Dispose();
        }

        base.Dispose(disposing);
    }
}
