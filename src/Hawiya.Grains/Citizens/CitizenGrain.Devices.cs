using Hawiya.Contracts.Citizens;
using Hawiya.Contracts.Common;
using Hawiya.Contracts.Devices;
using Hawiya.Contracts.Journal;
using Hawiya.Grains.Common;
using Hawiya.Grains.Devices;
using Microsoft.Extensions.Logging;

namespace Hawiya.Grains.Citizens;

// Devices (push and face) and the cap on outstanding pushes, kept in "citizen-devices".
public sealed partial class CitizenGrain : ICitizenDevicesGrain
{
    public const int MaxDevices = 5;

    /// <summary>One "pushes throttled" alert per window, however long the burst.</summary>
    public static readonly TimeSpan ThrottleAlertWindow = TimeSpan.FromMinutes(10);

    public async Task<DeviceResult> EnrollDeviceAsync(DeviceEnrollment enrollment)
    {
        if (!State.Registered || State.Status != CitizenStatus.Active)
        {
            return new DeviceResult { Error = DeviceError.NotActive };
        }

        if (!DeviceKeys.IsValid(enrollment))
        {
            return new DeviceResult { Error = DeviceError.InvalidDevice };
        }

        var deviceId = DeviceKeys.Thumbprint(enrollment.PublicKeyX, enrollment.PublicKeyY);
        if (devices.State.Devices.ContainsKey(deviceId))
        {
            return new DeviceResult { Error = DeviceError.AlreadyEnrolled };
        }

        if (devices.State.Devices.Count >= MaxDevices)
        {
            return new DeviceResult { Error = DeviceError.TooManyDevices };
        }

        var now = time.GetUtcNow();
        var device = new CitizenDeviceState
        {
            Label = enrollment.Label.Trim(),
            PublicKeyX = enrollment.PublicKeyX,
            PublicKeyY = enrollment.PublicKeyY,
            PushToken = enrollment.PushToken,
            EnrolledAt = now,
        };
        // The methods first, the device second: if the silo dies in between, Push and Face are
        // enrolled but offer nothing without a device, and enrolling the device again completes it.
        // The other order would leave a stored device, whose enrolment is then refused, and no method.
        var methodsAdded = false;
        foreach (var method in new[] { AuthMethod.Push, AuthMethod.Face })
        {
            methodsAdded |= State.Methods.TryAdd(method, new CitizenMethodState { Enabled = true, EnrolledAt = now });
        }

        if (methodsAdded)
        {
            await state.WriteOrRestoreAsync(this);
        }

        devices.State.Devices[deviceId] = device;
        await devices.WriteOrRestoreAsync(this);
        LogDeviceEnrolled(devices.State.Devices.Count);
        // SECURITY: a new device can approve logins, so the citizen hears of it on every channel.
        await JournalAsync(JournalEventKind.MethodEnrolled, [AuthMethod.Push, AuthMethod.Face], "device");
        return new DeviceResult { Error = DeviceError.None, Device = Info(deviceId, device) };
    }

    public Task<DeviceInfo[]> GetDevicesAsync() =>
        Task.FromResult(devices.State.Devices.OrderBy(d => d.Value.EnrolledAt).Select(d => Info(d.Key, d.Value)).ToArray());

    public async Task<AlertRecipient> GetAlertRecipientAsync() => new()
    {
        Phone = State.Phone,
        Email = State.Email,
        Devices = await GetDevicesAsync(),
    };

    public Task<DeviceInfo?> GetDeviceAsync(string deviceId) =>
        Task.FromResult(devices.State.Devices.TryGetValue(deviceId, out var device) ? Info(deviceId, device) : null);

    public async Task<DeviceResult> RemoveDeviceAsync(string deviceId)
    {
        if (!devices.State.Devices.Remove(deviceId))
        {
            return new DeviceResult { Error = DeviceError.UnknownDevice };
        }

        await devices.WriteOrRestoreAsync(this);
        return new DeviceResult { Error = DeviceError.None };
    }

    public async Task<bool> RemoveDeviceByPushTokenAsync(string pushToken)
    {
        var gone = devices.State.Devices.Where(d => d.Value.PushToken == pushToken).Select(d => d.Key).ToArray();
        foreach (var deviceId in gone)
        {
            devices.State.Devices.Remove(deviceId);
        }

        if (gone.Length == 0)
        {
            return false;
        }

        await devices.WriteOrRestoreAsync(this);
        LogDeviceUnregistered(gone.Length);
        return true;
    }

    public async Task<PushAllowance> ReservePushAsync(string sessionId, DateTimeOffset expiresAt, int maxOutstanding)
    {
        var pushes = devices.State.OutstandingPushes;
        var now = time.GetUtcNow();
        foreach (var lapsed in pushes.Where(p => p.Value <= now).Select(p => p.Key).ToArray())
        {
            pushes.Remove(lapsed);
        }

        // SECURITY: push fatigue. A citizen bombarded with approvals ends up pressing one; past
        // the cap nothing more is sent until the outstanding ones are answered or lapse.
        if (!pushes.ContainsKey(sessionId) && pushes.Count >= maxOutstanding)
        {
            if (devices.State.LastThrottleAlertAt is not { } last || now - last >= ThrottleAlertWindow)
            {
                devices.State.LastThrottleAlertAt = now;
                await devices.WriteOrRestoreAsync(this);
                await JournalAsync(JournalEventKind.PushThrottled, [AuthMethod.Push], null);
            }

            LogPushThrottled(pushes.Count);
            return new PushAllowance { Allowed = false, Outstanding = pushes.Count };
        }

        pushes[sessionId] = expiresAt;
        await devices.WriteOrRestoreAsync(this);
        return new PushAllowance
        {
            Allowed = true,
            Outstanding = pushes.Count,
            Devices = devices.State.Devices.Select(d => Info(d.Key, d.Value)).ToArray(),
        };
    }

    public async Task ReleasePushAsync(string sessionId)
    {
        if (devices.State.OutstandingPushes.Remove(sessionId))
        {
            await devices.WriteOrRestoreAsync(this);
        }
    }

    private Task JournalAsync(JournalEventKind kind, AuthMethod[] methods, string? detail) =>
        GrainFactory.GetGrain<ICitizenJournalGrain>(this.GetPrimaryKeyString()).RecordAsync(new JournalEvent
        {
            Kind = kind,
            At = time.GetUtcNow(),
            Methods = methods,
            Detail = detail,
        });

    private static DeviceInfo Info(string deviceId, CitizenDeviceState device) => new()
    {
        DeviceId = deviceId,
        Label = device.Label,
        PublicKeyX = device.PublicKeyX,
        PublicKeyY = device.PublicKeyY,
        PushToken = device.PushToken,
        EnrolledAt = device.EnrolledAt,
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "Citizen enrolled a device; {Count} now")]
    private partial void LogDeviceEnrolled(int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Removed {Count} device(s) whose push token is no longer registered")]
    private partial void LogDeviceUnregistered(int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Push throttled: {Outstanding} outstanding")]
    private partial void LogPushThrottled(int outstanding);
}
