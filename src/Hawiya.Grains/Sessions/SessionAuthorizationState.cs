using Hawiya.Contracts.Sessions;

namespace Hawiya.Grains.Sessions;

/// <summary>
/// What OpenIddict keeps of a session: its ad-hoc authorization and the tokens issued from it.
/// Stored apart from the login state machine (<see cref="AuthSessionState"/>), so issuing and
/// redeeming tokens rewrite this and the login pages rewrite the other.
/// </summary>
[GenerateSerializer, Alias("hawiya.SessionAuthorizationState")]
public sealed class SessionAuthorizationState
{
    [Id(0)] public string? ClientId { get; set; }
    [Id(1)] public string? Subject { get; set; }
    [Id(2)] public string[] Scopes { get; set; } = [];
    [Id(3)] public string[] Claims { get; set; } = [];
    /// <summary>Set once by revocation: whatever is issued afterwards is born revoked.</summary>
    [Id(4)] public bool Revoked { get; set; }
    [Id(5)] public DateTimeOffset CreatedAt { get; set; }
    [Id(6)] public Dictionary<string, TokenRecord> Tokens { get; set; } = [];
}
