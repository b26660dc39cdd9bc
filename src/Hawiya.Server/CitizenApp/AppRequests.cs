namespace Hawiya.Server.CitizenApp;

/// <summary>A P-256 public key as a JWK (RFC 7517 §4, RFC 7518 §6.2.1).</summary>
public sealed record DevicePublicKey(string? Kty, string? Crv, string? X, string? Y);

/// <summary><c>POST /app/devices</c>.</summary>
public sealed record EnrollDeviceRequest(string? Label, DevicePublicKey? PublicKey, string? PushToken);

/// <summary>A device as the app lists it; the push token is not echoed.</summary>
public sealed record DeviceView(string DeviceId, string Label, DateTimeOffset EnrolledAt);

/// <summary><c>POST /app/contacts/{phone|email}</c>.</summary>
public sealed record ContactRequest(string? Value);

/// <summary><c>POST /app/contacts/{phone|email}/confirm</c>.</summary>
public sealed record ContactConfirmation(string? Code);

/// <summary><c>PUT /app/methods/{method}</c>.</summary>
public sealed record MethodSwitch(bool? Enabled);

/// <summary>A method and whether it is on, as the app shows it.</summary>
public sealed record MethodView(string Method, bool Enabled, DateTimeOffset EnrolledAt);
