using System.Net;

namespace Hawiya.CitizenApp;

/// <summary>A push the app received: a login waiting for approval (<c>push</c>) or for a face check (<c>face</c>).</summary>
public sealed record PushNotification(string Kind, string SessionId, string ChallengeId, string Provider, DateTimeOffset SentAt)
{
    public const string Approval = "push";
    public const string FaceCheck = "face";

    /// <summary>An alert about the identity (a use, a new method, a card status): read, never answered.</summary>
    public const string Alert = "alert";

    /// <summary>The text shown by the phone (an alert's whole message).</summary>
    public string Body { get; init; } = string.Empty;

    /// <summary>A login challenge the app answers (approve, deny, face); any other kind is only shown.</summary>
    public bool IsChallenge => Kind is Approval or FaceCheck && ChallengeId.Length > 0;
}

/// <summary>What the server answered: success, or the RFC 9457 problem's title and detail.</summary>
public sealed record AppResponse(HttpStatusCode Status, string? Error = null, string? Detail = null, int? AttemptsLeft = null)
{
    public bool Succeeded => (int)Status is >= 200 and < 300;
}

/// <summary>An enrolled device as the server lists it.</summary>
public sealed record EnrolledDevice(string DeviceId, string Label, DateTimeOffset EnrolledAt);

/// <summary>The two contact points a citizen can enroll from the app.</summary>
public enum ContactKind
{
    Phone,
    Email,
}
