using Hawiya.Contracts.Common;
using Hawiya.Contracts.Sessions;

namespace Hawiya.Grains.Sessions;

/// <summary>The outstanding card login of a session: nonce and pairing code, no personal data.</summary>
[GenerateSerializer, Alias("hawiya.CardChallengeState")]
public sealed class CardChallengeState
{
    [Id(0)] public CardLoginStage Stage { get; set; }
    [Id(1)] public AuthMethod Method { get; set; }
    [Id(2)] public byte[] Nonce { get; set; } = [];
    [Id(3)] public string PairingCode { get; set; } = string.Empty;
    [Id(4)] public DateTimeOffset ExpiresAt { get; set; }
    [Id(5)] public CardLoginFailure Failure { get; set; }
    [Id(6)] public int TriesLeft { get; set; }
}
