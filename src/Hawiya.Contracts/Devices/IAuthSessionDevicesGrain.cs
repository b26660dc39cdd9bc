using Hawiya.Contracts.Common;

namespace Hawiya.Contracts.Devices;

/// <summary>Push approval and face attestation, on the login session grain (same key as <see cref="Sessions.IAuthSessionGrain"/>).</summary>
[Alias("hawiya.IAuthSessionDevicesGrain")]
public interface IAuthSessionDevicesGrain : IGrainWithStringKey
{
    /// <summary>Opens a push (with a number to match) or face challenge; a new one replaces the previous.</summary>
    [Alias("StartDeviceChallenge")]
    Task<DeviceChallengeIssued> StartDeviceChallengeAsync(AuthMethod method);

    /// <summary>
    /// The app's answer: a compact JWS (RFC 7515 §7.1) signed ES256 by a device key of the
    /// identified citizen, over the challenge id and the number typed (or the face match).
    /// </summary>
    [Alias("AnswerDeviceChallenge")]
    Task<DeviceAnswerResult> AnswerDeviceChallengeAsync(string compactJws);

    /// <summary>The login page gives up waiting (another method chosen).</summary>
    [Alias("CancelDeviceChallenge")]
    Task CancelDeviceChallengeAsync();
}
