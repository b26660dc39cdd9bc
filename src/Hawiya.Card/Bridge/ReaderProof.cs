using System.Security.Cryptography;

namespace Hawiya.Card.Bridge;

/// <summary>
/// How a reader proves it holds its credential's key on the bridge: ECDSA P-256 with SHA-256 over
/// "HAWIYA-READER-AUTH-1" ‖ the server's challenge, raw r ‖ s. The label keeps these signatures
/// apart from any other use of the reader's key (offline event signatures use another label).
/// </summary>
public static class ReaderProof
{
    public const int ChallengeBytes = 32;

    public static ReadOnlySpan<byte> Label => "HAWIYA-READER-AUTH-1"u8;

    public static byte[] Message(ReadOnlySpan<byte> challenge) => [.. Label, .. challenge];

    public static byte[] Sign(ECDsa readerKey, ReadOnlySpan<byte> challenge)
    {
        ArgumentNullException.ThrowIfNull(readerKey);
        return readerKey.SignData(Message(challenge), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
    }

    public static bool Verify(ECDsa readerPublicKey, ReadOnlySpan<byte> challenge, ReadOnlySpan<byte> signature)
    {
        ArgumentNullException.ThrowIfNull(readerPublicKey);
        return challenge.Length == ChallengeBytes
            && readerPublicKey.VerifyData(Message(challenge), signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
    }
}
