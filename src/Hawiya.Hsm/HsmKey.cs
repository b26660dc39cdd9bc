using System.Security.Cryptography;
using Net.Pkcs11Interop.HighLevelAPI;

namespace Hawiya.Hsm;

public enum HsmKeyType
{
    EcP256,
    Rsa,
}

/// <summary>
/// A private key that lives in the token, named by its <c>CKA_LABEL</c>, with the public half read
/// from the token. The object handle is valid in every session of this process (PKCS#11 §2.4).
/// </summary>
public sealed class HsmKey
{
    internal HsmKey(HsmToken token, string label, HsmKeyType type, IObjectHandle handle, ECParameters? ec, RSAParameters? rsa)
    {
        Token = token;
        Label = label;
        Type = type;
        Handle = handle;
        EcPublicKey = ec;
        RsaPublicKey = rsa;
    }

    public string Label { get; }

    public HsmKeyType Type { get; }

    internal HsmToken Token { get; }

    internal IObjectHandle Handle { get; }

    public ECParameters? EcPublicKey { get; }

    public RSAParameters? RsaPublicKey { get; }

    /// <summary>An <see cref="ECDsa"/> that signs in the token (P-256 keys only).</summary>
    public ECDsa AsECDsa() => Type == HsmKeyType.EcP256
        ? new HsmECDsa(this)
        : throw new InvalidOperationException($"key {Label} is not an EC P-256 key");

    /// <summary>An <see cref="RSA"/> that signs in the token (RSA keys only).</summary>
    public RSA AsRsa() => Type == HsmKeyType.Rsa
        ? new HsmRsa(this)
        : throw new InvalidOperationException($"key {Label} is not an RSA key");
}
