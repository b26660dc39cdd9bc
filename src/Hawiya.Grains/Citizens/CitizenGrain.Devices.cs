using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Hawiya.Contracts.Citizens;
using Hawiya.Contracts.Common;
using Hawiya.Contracts.Devices;
using Hawiya.Contracts.Journal;
using Hawiya.Grains.Common;
using Hawiya.Grains.Devices;
using Microsoft.Extensions.Logging;

namespace Hawiya.Grains.Citizens;

// Devices (push and face), contact points verified by a code, and the cap on outstanding pushes.
public sealed partial class CitizenGrain : ICitizenDevicesGrain
{
    public const int MaxDevices = 5;

    /// <summary>A contact code is good for ten minutes and five guesses.</summary>
    public static readonly TimeSpan ContactCodeLifetime = TimeSpan.FromMinutes(10);

    public const int ContactCodeAttempts = 5;

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
        if (State.Devices.ContainsKey(deviceId))
        {
            return new DeviceResult { Error = DeviceError.AlreadyEnrolled };
        }

        if (State.Devices.Count >= MaxDevices)
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
        State.Devices[deviceId] = device;
        foreach (var method in new[] { AuthMethod.Push, AuthMethod.Face })
        {
            State.Methods.TryAdd(method, new CitizenMethodState { Enabled = true, EnrolledAt = now });
        }

        await state.WriteOrRestoreAsync(this);
        LogDeviceEnrolled(State.Devices.Count);
        // SECURITY: a new device can approve logins, so the citizen hears of it on every channel.
        await JournalAsync(JournalEventKind.MethodEnrolled, [AuthMethod.Push, AuthMethod.Face], "device");
        return new DeviceResult { Error = DeviceError.None, Device = Info(deviceId, device) };
    }

    public Task<DeviceInfo[]> GetDevicesAsync() =>
        Task.FromResult(State.Devices.OrderBy(d => d.Value.EnrolledAt).Select(d => Info(d.Key, d.Value)).ToArray());

    public Task<DeviceInfo?> GetDeviceAsync(string deviceId) =>
        Task.FromResult(State.Devices.TryGetValue(deviceId, out var device) ? Info(deviceId, device) : null);

    public async Task<DeviceResult> RemoveDeviceAsync(string deviceId)
    {
        if (!State.Devices.Remove(deviceId))
        {
            return new DeviceResult { Error = DeviceError.UnknownDevice };
        }

        await state.WriteOrRestoreAsync(this);
        return new DeviceResult { Error = DeviceError.None };
    }

    public async Task<bool> RemoveDeviceByPushTokenAsync(string pushToken)
    {
        var gone = State.Devices.Where(d => d.Value.PushToken == pushToken).Select(d => d.Key).ToArray();
        foreach (var deviceId in gone)
        {
            State.Devices.Remove(deviceId);
        }

        if (gone.Length == 0)
        {
            return false;
        }

        await state.WriteOrRestoreAsync(this);
        LogDeviceUnregistered(gone.Length);
        return true;
    }

    public async Task<ContactVerification> StartContactVerificationAsync(AuthMethod channel, string destination)
    {
        if (!State.Registered || State.Status != CitizenStatus.Active)
        {
            return new ContactVerification { Error = DeviceError.NotActive };
        }

        destination = destination.Trim();
        if (!IsValidContact(channel, destination))
        {
            return new ContactVerification { Error = DeviceError.InvalidContact };
        }

        var code = RandomNumberGenerator.GetInt32(0, 1_000_000).ToString("D6", CultureInfo.InvariantCulture);
        var salt = RandomNumberGenerator.GetBytes(16);
        State.PendingContact = new CitizenContactVerificationState
        {
            Channel = channel,
            Destination = destination,
            Salt = salt,
            Digest = CodeDigest(salt, code),
            ExpiresAt = time.GetUtcNow() + ContactCodeLifetime,
        };
        await state.WriteOrRestoreAsync(this);
        return new ContactVerification { Error = DeviceError.None, Code = code, ExpiresAt = State.PendingContact.ExpiresAt };
    }

    public async Task<DeviceResult> ConfirmContactAsync(AuthMethod channel, string code)
    {
        if (State.PendingContact is not { } pending || pending.Channel != channel)
        {
            return new DeviceResult { Error = DeviceError.NoVerification };
        }

        // The attempt is spent before the comparison, as for login codes.
        pending.Attempts++;
        if (time.GetUtcNow() >= pending.ExpiresAt || pending.Attempts > ContactCodeAttempts)
        {
            State.PendingContact = null;
            await state.WriteOrRestoreAsync(this);
            return new DeviceResult { Error = DeviceError.NoVerification };
        }

        if (!CryptographicOperations.FixedTimeEquals(CodeDigest(pending.Salt, code), pending.Digest))
        {
            await state.WriteOrRestoreAsync(this);
            return new DeviceResult { Error = DeviceError.WrongCode, AttemptsLeft = ContactCodeAttempts - pending.Attempts };
        }

        var now = time.GetUtcNow();
        if (channel == AuthMethod.Sms)
        {
            State.Phone = pending.Destination;
            State.PhoneVerified = true;
        }
        else
        {
            State.Email = pending.Destination;
            State.EmailVerified = true;
        }

        State.Methods.TryAdd(channel, new CitizenMethodState { Enabled = true, EnrolledAt = now });
        State.PendingContact = null;
        await state.WriteOrRestoreAsync(this);
        await JournalAsync(JournalEventKind.MethodEnrolled, [channel], channel == AuthMethod.Sms ? "phone" : "email");
        return new DeviceResult { Error = DeviceError.None };
    }

    public Task<bool> IsContactVerifiedAsync(AuthMethod channel) =>
        Task.FromResult(channel == AuthMethod.Sms ? State.PhoneVerified : channel == AuthMethod.Email && State.EmailVerified);

    public async Task<PushAllowance> ReservePushAsync(string sessionId, DateTimeOffset expiresAt, int maxOutstanding)
    {
        var now = time.GetUtcNow();
        foreach (var lapsed in State.OutstandingPushes.Where(p => p.Value <= now).Select(p => p.Key).ToArray())
        {
            State.OutstandingPushes.Remove(lapsed);
        }

        // SECURITY: push fatigue. A citizen bombarded with approvals ends up pressing one; past
        // the cap nothing more is sent until the outstanding ones are answered or lapse.
        if (!State.OutstandingPushes.ContainsKey(sessionId) && State.OutstandingPushes.Count >= maxOutstanding)
        {
            if (State.LastThrottleAlertAt is not { } last || now - last >= ThrottleAlertWindow)
            {
                State.LastThrottleAlertAt = now;
                await state.WriteOrRestoreAsync(this);
                await JournalAsync(JournalEventKind.PushThrottled, [AuthMethod.Push], null);
            }

            LogPushThrottled(State.OutstandingPushes.Count);
            return new PushAllowance { Allowed = false, Outstanding = State.OutstandingPushes.Count };
        }

        State.OutstandingPushes[sessionId] = expiresAt;
        await state.WriteOrRestoreAsync(this);
        return new PushAllowance
        {
            Allowed = true,
            Outstanding = State.OutstandingPushes.Count,
            Devices = State.Devices.Select(d => Info(d.Key, d.Value)).ToArray(),
        };
    }

    public async Task ReleasePushAsync(string sessionId)
    {
        if (State.OutstandingPushes.Remove(sessionId))
        {
            await state.WriteOrRestoreAsync(this);
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

    private static bool IsValidContact(AuthMethod channel, string destination) => channel switch
    {
        AuthMethod.Sms => E164().IsMatch(destination),
        AuthMethod.Email => destination.Length <= 254 && System.Net.Mail.MailAddress.TryCreate(destination, out var address) && address.Address == destination,
        _ => false,
    };

    private static byte[] CodeDigest(byte[] salt, string code) => HMACSHA256.HashData(salt, Encoding.UTF8.GetBytes(code));

    /// <summary>ITU-T E.164: a plus, a country code not starting with 0, at most 15 digits in all.</summary>
    [GeneratedRegex(@"^\+[1-9][0-9]{7,14}$")]
    private static partial Regex E164();

    [LoggerMessage(Level = LogLevel.Information, Message = "Citizen enrolled a device; {Count} now")]
    private partial void LogDeviceEnrolled(int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Removed {Count} device(s) whose push token is no longer registered")]
    private partial void LogDeviceUnregistered(int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Push throttled: {Outstanding} outstanding")]
    private partial void LogPushThrottled(int outstanding);
}
