using Hawiya.Contracts.Common;

namespace Hawiya.Contracts.Devices;

/// <summary>
/// A citizen's app instance as it asks to be enrolled: a P-256 public key (RFC 7518 §6.2.1,
/// coordinates base64url) whose private half never leaves the phone, and its FCM token.
/// </summary>
[GenerateSerializer, Immutable, Alias("hawiya.DeviceEnrollment")]
public sealed record DeviceEnrollment
{
    [Id(0)] public required string Label { get; init; }
    [Id(1)] public required string PublicKeyX { get; init; }
    [Id(2)] public required string PublicKeyY { get; init; }
    [Id(3)] public required string PushToken { get; init; }
}

/// <summary>Where the citizen's alerts go: the contact points and the enrolled devices, read in one call.</summary>
[GenerateSerializer, Immutable, Alias("hawiya.AlertRecipient")]
public sealed record AlertRecipient
{
    [Id(0)] public string? Phone { get; init; }
    [Id(1)] public string? Email { get; init; }
    [Id(2)] public required DeviceInfo[] Devices { get; init; }
}

/// <summary>An enrolled device. The push token is for the server's sending only, never shown.</summary>
[GenerateSerializer, Immutable, Alias("hawiya.DeviceInfo")]
public sealed record DeviceInfo
{
    [Id(0)] public required string DeviceId { get; init; }
    [Id(1)] public required string Label { get; init; }
    [Id(2)] public required string PublicKeyX { get; init; }
    [Id(3)] public required string PublicKeyY { get; init; }
    [Id(4)] public required string PushToken { get; init; }
    [Id(5)] public required DateTimeOffset EnrolledAt { get; init; }
}

/// <summary>Why a device or contact operation was refused. Numeric values are persisted: never renumber.</summary>
[GenerateSerializer, Alias("hawiya.DeviceError")]
public enum DeviceError
{
    None = 0,
    /// <summary>The citizen is unknown or the identity is not active.</summary>
    NotActive = 1,
    /// <summary>The public key is not a point on P-256, or a field is empty or too long.</summary>
    InvalidDevice = 2,
    /// <summary>The key is already enrolled.</summary>
    AlreadyEnrolled = 3,
    UnknownDevice = 4,
    /// <summary>The contact point is malformed (not E.164, not an address).</summary>
    InvalidContact = 5,
    /// <summary>No verification is pending, or its code expired or took too many guesses.</summary>
    NoVerification = 6,
    /// <summary>The verification code is wrong.</summary>
    WrongCode = 7,
    /// <summary>Too many devices enrolled.</summary>
    TooManyDevices = 8,
}

[GenerateSerializer, Immutable, Alias("hawiya.DeviceResult")]
public sealed record DeviceResult
{
    [Id(0)] public required DeviceError Error { get; init; }
    [Id(1)] public DeviceInfo? Device { get; init; }
    [Id(2)] public int AttemptsLeft { get; init; }

    public bool Succeeded => Error == DeviceError.None;
}

/// <summary>A code to send to a phone number or address being enrolled; only its digest stays in the grain.</summary>
[GenerateSerializer, Immutable, Alias("hawiya.ContactVerification")]
public sealed record ContactVerification
{
    [Id(0)] public required DeviceError Error { get; init; }
    [Id(1)] public string Code { get; init; } = string.Empty;
    [Id(2)] public DateTimeOffset? ExpiresAt { get; init; }
}

/// <summary>Whether one more push may be sent to the citizen now (push fatigue, NIST SP 800-63B §5.2.2 spirit).</summary>
[GenerateSerializer, Immutable, Alias("hawiya.PushAllowance")]
public sealed record PushAllowance
{
    [Id(0)] public required bool Allowed { get; init; }
    [Id(1)] public required int Outstanding { get; init; }
    /// <summary>The devices to send to, when allowed.</summary>
    [Id(2)] public DeviceInfo[] Devices { get; init; } = [];
}

/// <summary>A push or face challenge just opened, for the caller to notify the devices.</summary>
[GenerateSerializer, Immutable, Alias("hawiya.DeviceChallengeIssued")]
public sealed record DeviceChallengeIssued
{
    [Id(0)] public required Sessions.ChallengeError Error { get; init; }
    [Id(1)] public string ChallengeId { get; init; } = string.Empty;
    [Id(2)] public AuthMethod Method { get; init; }
    /// <summary>The number the login page shows and the citizen types on the phone (push only).</summary>
    [Id(3)] public string? Number { get; init; }
    [Id(4)] public DateTimeOffset? ExpiresAt { get; init; }
    [Id(5)] public DeviceInfo[] Devices { get; init; } = [];
}

/// <summary>What the app's signed answer did.</summary>
[GenerateSerializer, Alias("hawiya.DeviceAnswerError")]
public enum DeviceAnswerError
{
    None = 0,
    /// <summary>Not a compact JWS of the expected shape, or a member outside the allowed set.</summary>
    Malformed = 1,
    /// <summary>The key id names no device of this citizen, or the signature does not verify.</summary>
    BadSignature = 2,
    /// <summary>No challenge with this id is open (already answered, expired, replaced).</summary>
    NoChallenge = 3,
    /// <summary>The number typed does not match the one shown on the login page.</summary>
    WrongNumber = 4,
    /// <summary>The answer's action does not fit the challenge (a face attestation for a push).</summary>
    WrongKind = 5,
    /// <summary>The face did not match on the device.</summary>
    NotMatched = 6,
}

[GenerateSerializer, Immutable, Alias("hawiya.DeviceAnswerResult")]
public sealed record DeviceAnswerResult
{
    [Id(0)] public required DeviceAnswerError Error { get; init; }
    [Id(1)] public int AttemptsLeft { get; init; }

    public bool Succeeded => Error == DeviceAnswerError.None;
}

/// <summary>A push or face challenge the login page is waiting on, as the page shows it.</summary>
[GenerateSerializer, Immutable, Alias("hawiya.DevicePrompt")]
public sealed record DevicePrompt
{
    [Id(0)] public required AuthMethod Method { get; init; }
    [Id(1)] public string? Number { get; init; }
    [Id(2)] public required DateTimeOffset ExpiresAt { get; init; }
    /// <summary>Set once the app answered "deny"; the page says so and offers the other methods.</summary>
    [Id(3)] public bool Denied { get; init; }
}
