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

/// <summary>The login state machine: request, citizen, factors passed, open challenges.</summary>
[GenerateSerializer, Alias("hawiya.AuthSessionState")]
public sealed class AuthSessionState
{
    [Id(0)] public SessionStatus Status { get; set; }
    [Id(1)] public SessionStart? Start { get; set; }
    /// <summary>A pushed request's start, until its browser brings the request token (AuthSessionGrain.Tokens).</summary>
    [Id(81)] public SessionStart? PendingStart { get; set; }
    [Id(2)] public DateTimeOffset CreatedAt { get; set; }
    [Id(3)] public string? CitizenKey { get; set; }
    [Id(4)] public Dictionary<AuthMethod, DateTimeOffset> Passed { get; set; } = [];
    [Id(5)] public Authentication? Authentication { get; set; }
    [Id(6)] public OtpChallengeState? Challenge { get; set; }
    [Id(11)] public bool SingleSignOnEnded { get; set; }
    /// <summary>The open push or face challenge (see AuthSessionGrain.Devices).</summary>
    [Id(20)] public DeviceChallengeState? DeviceChallenge { get; set; }
    [Id(40)] public AuthMethod? UndeliveredCode { get; set; }
    [Id(80)] public CardChallengeState? CardChallenge { get; set; }

    // Sessions stored before the authorization had a state of its own kept it here. Read once
    // on activation, moved to SessionAuthorizationState and cleared (AuthSessionGrain.Migration).
    [Id(7)] public Dictionary<string, TokenRecord>? LegacyTokens { get; set; }
    [Id(9)] public string? LegacySubject { get; set; }
    [Id(10)] public string[]? LegacyAuthorizedScopes { get; set; }
    [Id(12)] public string[]? LegacyAuthorizedClaims { get; set; }
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
