using Hawiya.Contracts.Common;

namespace Hawiya.Contracts.Devices;

/// <summary>
/// The citizen's devices and contact points, on the citizen grain (same key as
/// <see cref="Citizens.ICitizenGrain"/>). Who may call what (a login at eidas2 or higher for a
/// new device or contact) is checked by the app API before it gets here.
/// </summary>
[Alias("hawiya.ICitizenDevicesGrain")]
public interface ICitizenDevicesGrain : IGrainWithStringKey
{
    /// <summary>Enrolls a device; the first one also enrolls Push and Face. Alerts the citizen.</summary>
    [Alias("EnrollDevice")]
    Task<DeviceResult> EnrollDeviceAsync(DeviceEnrollment enrollment);

    [Alias("GetDevices")]
    Task<DeviceInfo[]> GetDevicesAsync();

    /// <summary>The phone, email and devices an alert may go to.</summary>
    [Alias("GetAlertRecipient")]
    Task<AlertRecipient> GetAlertRecipientAsync();

    [Alias("GetDevice")]
    Task<DeviceInfo?> GetDeviceAsync(string deviceId);

    [Alias("RemoveDevice")]
    Task<DeviceResult> RemoveDeviceAsync(string deviceId);

    /// <summary>FCM said the token is dead (UNREGISTERED): the device it belonged to goes.</summary>
    [Alias("RemoveDeviceByPushToken")]
    Task<bool> RemoveDeviceByPushTokenAsync(string pushToken);

    /// <summary>Starts enrolling a phone number (SMS) or address (email): a code to send there.</summary>
    [Alias("StartContactVerification")]
    Task<ContactVerification> StartContactVerificationAsync(AuthMethod channel, string destination);

    /// <summary>Checks the code; on success the contact point is set, verified and its method enrolled.</summary>
    [Alias("ConfirmContact")]
    Task<DeviceResult> ConfirmContactAsync(AuthMethod channel, string code);

    /// <summary>Whether the contact point of <paramref name="channel"/> was verified by a code.</summary>
    [Alias("IsContactVerified")]
    Task<bool> IsContactVerifiedAsync(AuthMethod channel);

    /// <summary>
    /// Counts a push for <paramref name="sessionId"/> against the cap of outstanding pushes;
    /// a refused one alerts the citizen once per burst.
    /// </summary>
    [Alias("ReservePush")]
    Task<PushAllowance> ReservePushAsync(string sessionId, DateTimeOffset expiresAt, int maxOutstanding);

    [Alias("ReleasePush")]
    Task ReleasePushAsync(string sessionId);
}
