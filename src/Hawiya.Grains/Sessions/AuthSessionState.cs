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
    /// <summary>The open push or face challenge (see AuthSessionGrain.Devices).</summary>
    [Id(20)] public DeviceChallengeState? DeviceChallenge { get; set; }
    [Id(40)] public AuthMethod? UndeliveredCode { get; set; }
    [Id(80)] public CardChallengeState? CardChallenge { get; set; }
}

/// <summary>A push (with the number to match) or face challenge waiting for a device's signed answer.</summary>
[GenerateSerializer, Alias("hawiya.DeviceChallengeState")]
public sealed class DeviceChallengeState
{
    [Id(0)] public string Id { get; set; } = string.Empty;
    [Id(1)] public AuthMethod Method { get; set; }
    [Id(2)] public string? Number { get; set; }
    [Id(3)] public DateTimeOffset ExpiresAt { get; set; }
    [Id(4)] public int Attempts { get; set; }
    [Id(5)] public bool Denied { get; set; }
}
