using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Hawiya.Card.Profile;

/// <summary>
/// What INTERNAL AUTHENTICATE signs, and how a verifier checks it. The card signs
/// M = "HAWIYA-CNIE-AUTH-1" || gate (1 byte) || nonce with ECDSA P-256 and SHA-256, and returns
/// the signature as raw r||s (IEEE P1363, the form JWS ES256 uses, RFC 7518 §3.4).
/// </summary>
public static class CardAuthentication
{
    /// <summary>
    /// SECURITY: a fixed label separates these signatures from any other use of the key, and the
    /// signed gate byte stops a reader from presenting a card-only signature as a PIN-verified one.
    /// </summary>
    public static ReadOnlySpan<byte> DomainLabel => "HAWIYA-CNIE-AUTH-1"u8;

    public static byte[] BuildMessage(AuthenticationGate gate, ReadOnlySpan<byte> nonce)
    {
        ValidateNonce(nonce.Length);
        var message = new byte[DomainLabel.Length + 1 + nonce.Length];
        DomainLabel.CopyTo(message);
        message[DomainLabel.Length] = (byte)gate;
        nonce.CopyTo(message.AsSpan(DomainLabel.Length + 1));
        return message;
    }

    public static bool IsValidNonceLength(int length) =>
        length is >= CnieProfile.MinNonceLength and <= CnieProfile.MaxNonceLength;

    public static void ValidateNonce(int length)
    {
        if (!IsValidNonceLength(length))
        {
            throw new ArgumentException(
                $"A nonce is {CnieProfile.MinNonceLength} to {CnieProfile.MaxNonceLength} bytes; got {length}.", "nonce");
        }
    }

    /// <summary>Checks a card signature with the public key of the card authentication certificate.</summary>
    public static bool Verify(ECDsa publicKey, AuthenticationGate gate, ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> signature)
    {
        ArgumentNullException.ThrowIfNull(publicKey);
        if (signature.Length != CnieProfile.SignatureLength || !IsValidNonceLength(nonce.Length))
        {
            return false;
        }

        return publicKey.VerifyData(
            BuildMessage(gate, nonce), signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
    }

    /// <summary>Checks a card signature against the card certificate (chain and revocation are the caller's job).</summary>
    public static bool Verify(X509Certificate2 certificate, AuthenticationGate gate, ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> signature)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        using var key = certificate.GetECDsaPublicKey()
            ?? throw new ArgumentException("The card certificate does not hold an ECDSA key.", nameof(certificate));
        return Verify(key, gate, nonce, signature);
    }
}
