using Hawiya.Contracts.Common;
using Hawiya.Contracts.Sessions;

namespace Hawiya.Grains.Sessions;

/// <summary>The outstanding one-time code: only a keyed digest of it is kept.</summary>
[GenerateSerializer, Alias("hawiya.OtpChallengeState")]
public sealed class OtpChallengeState
{
    [Id(0)] public AuthMethod Channel { get; set; }
    [Id(1)] public byte[] Salt { get; set; } = [];
    [Id(2)] public byte[] Digest { get; set; } = [];
    [Id(3)] public DateTimeOffset ExpiresAt { get; set; }
    [Id(4)] public int Attempts { get; set; }
}

[GenerateSerializer, Alias("hawiya.AuthSessionState")]
public sealed class AuthSessionState
{
    [Id(0)] public SessionStatus Status { get; set; }
    [Id(1)] public SessionStart? Start { get; set; }
    [Id(2)] public DateTimeOffset CreatedAt { get; set; }
    [Id(3)] public string? CitizenKey { get; set; }
    [Id(4)] public Dictionary<AuthMethod, DateTimeOffset> Passed { get; set; } = [];
    [Id(5)] public Authentication? Authentication { get; set; }
    [Id(6)] public OtpChallengeState? Challenge { get; set; }
    [Id(7)] public Dictionary<string, TokenRecord> Tokens { get; set; } = [];
    [Id(9)] public string? Subject { get; set; }
    [Id(10)] public string[] AuthorizedScopes { get; set; } = [];
    [Id(11)] public bool SingleSignOnEnded { get; set; }
    [Id(12)] public string[] AuthorizedClaims { get; set; } = [];
    [Id(80)] public CardChallengeState? CardChallenge { get; set; }
}
