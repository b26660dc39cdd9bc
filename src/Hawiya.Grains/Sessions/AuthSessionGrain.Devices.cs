using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using Hawiya.Contracts.Citizens;
using Hawiya.Contracts.Common;
using Hawiya.Contracts.Devices;
using Hawiya.Contracts.Journal;
using Hawiya.Contracts.Sessions;
using Hawiya.Grains.Common;
using Hawiya.Grains.Devices;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Hawiya.Grains.Sessions;

// Push approval with number matching, and face attestation: both answered by a device key.
public sealed partial class AuthSessionGrain : IAuthSessionDevicesGrain
{
    private PushOptions PushSettings => ServiceProvider.GetRequiredService<IOptions<PushOptions>>().Value;

    public async Task<DeviceChallengeIssued> StartDeviceChallengeAsync(AuthMethod method)
    {
        if (method is not (AuthMethod.Push or AuthMethod.Face))
        {
            throw new ArgumentOutOfRangeException(nameof(method), method, "Only push and face are answered by a device.");
        }

        if (Refusal(method) is { } refused)
        {
            return new DeviceChallengeIssued { Error = refused };
        }

        var profile = await GrainFactory.GetGrain<ICitizenGrain>(State.CitizenKey!).GetLoginProfileAsync();
        var settings = PushSettings;
        var expiresAt = time.GetUtcNow() + settings.ChallengeLifetime;
        if (!profile.CanLogIn || !profile.UsableMethods.Contains(method))
        {
            // SECURITY: a citizen who cannot use the method (unknown, not enrolled, turned off) gets
            // the same waiting page as one who can: a challenge no device is told of, and none can
            // answer, so the page does not reveal what the citizen enrolled (issue 26, finding 12).
            return await OpenDeviceChallengeAsync(method, expiresAt, []);
        }

        var allowance = await GrainFactory.GetGrain<ICitizenDevicesGrain>(State.CitizenKey!).ReservePushAsync(SessionId, expiresAt, settings.MaxOutstanding);
        if (!allowance.Allowed)
        {
            return new DeviceChallengeIssued { Error = ChallengeError.Throttled };
        }

        return await OpenDeviceChallengeAsync(method, expiresAt, allowance.Devices);
    }

    private async Task<DeviceChallengeIssued> OpenDeviceChallengeAsync(AuthMethod method, DateTimeOffset expiresAt, DeviceInfo[] devices)
    {
        State.Challenge = null;
        State.DeviceChallenge = new DeviceChallengeState
        {
            Id = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(12)),
            Method = method,
            // NIST SP 800-63B §5.1.3.3 (out-of-band): the citizen copies what the page shows into
            // the app, so an approval pressed blindly, or for someone else's login, does not count.
            // SECURITY: a face check too, or a citizen whose face matches would lift a login an
            // attacker started (and whose page only the attacker sees) to eidas2.
            Number = RandomNumberGenerator.GetInt32(10, 100).ToString(CultureInfo.InvariantCulture),
            ExpiresAt = expiresAt,
        };
        await state.WriteOrRestoreAsync(this);
        return new DeviceChallengeIssued
        {
            Error = ChallengeError.None,
            ChallengeId = State.DeviceChallenge.Id,
            Method = method,
            Number = State.DeviceChallenge.Number,
            ExpiresAt = expiresAt,
            Devices = devices,
        };
    }

    public async Task<DeviceAnswerResult> AnswerDeviceChallengeAsync(string compactJws)
    {
        if (DeviceAnswer.Parse(compactJws) is not { } answer || answer.SessionId != SessionId)
        {
            return Answered(DeviceAnswerError.Malformed);
        }

        if (State.DeviceChallenge is not { Denied: false } challenge || challenge.Id != answer.ChallengeId
            || time.GetUtcNow() >= challenge.ExpiresAt || !IsOpen() || State.CitizenKey is null)
        {
            return Answered(DeviceAnswerError.NoChallenge);
        }

        // SECURITY: only a key enrolled by this citizen answers; an unsigned, re-signed or
        // foreign device's answer changes nothing (it cannot be told from an attacker's).
        var device = await GrainFactory.GetGrain<ICitizenDevicesGrain>(State.CitizenKey).GetDeviceAsync(answer.KeyId);
        if (device is null || !Verify(answer, device))
        {
            return Answered(DeviceAnswerError.BadSignature);
        }

        var fits = challenge.Method == AuthMethod.Push
            ? answer.Action is DeviceAnswer.Approve or DeviceAnswer.Deny
            : answer.Action is DeviceAnswer.Face or DeviceAnswer.Deny;
        if (!fits)
        {
            return Answered(DeviceAnswerError.WrongKind);
        }

        var citizen = GrainFactory.GetGrain<ICitizenGrain>(State.CitizenKey);
        if (answer.Action == DeviceAnswer.Deny)
        {
            return await DeniedAsync(challenge, citizen);
        }

        var numberRight = answer.Number is { } typed && challenge.Number is { } shown
            && CryptographicOperations.FixedTimeEquals(System.Text.Encoding.UTF8.GetBytes(typed), System.Text.Encoding.UTF8.GetBytes(shown));
        var right = numberRight && (challenge.Method == AuthMethod.Push || answer.Match == true);
        if (!right)
        {
            challenge.Attempts++;
            var spent = challenge.Attempts >= PushSettings.Attempts;
            if (spent)
            {
                State.DeviceChallenge = null;
            }

            await state.WriteOrRestoreAsync(this);
            if (spent)
            {
                await ReleasePushAsync();
            }

            await citizen.RecordFailureAsync(challenge.Method);
            ForgetProfile();
            return Answered(numberRight ? DeviceAnswerError.NotMatched : DeviceAnswerError.WrongNumber, PushSettings.Attempts - challenge.Attempts);
        }

        State.DeviceChallenge = null;
        await ReleasePushAsync();
        await citizen.RecordSuccessAsync(challenge.Method);
        await PassAsync(challenge.Method);
        return Answered(DeviceAnswerError.None);
    }

    public async Task CancelDeviceChallengeAsync()
    {
        // A push not delivered may have removed a dead device (and with it the method): the
        // methods page that follows reads the profile again.
        ForgetProfile();
        if (State.DeviceChallenge is not null)
        {
            State.DeviceChallenge = null;
            await state.WriteOrRestoreAsync(this);
            await ReleasePushAsync();
        }
    }

    /// <summary>
    /// "Deny and report": the login is not frozen (the citizen may simply have mistapped) but the
    /// denial counts as a failed attempt and the citizen's journal raises an alert.
    /// </summary>
    private async Task<DeviceAnswerResult> DeniedAsync(DeviceChallengeState challenge, ICitizenGrain citizen)
    {
        challenge.Denied = true;
        await state.WriteOrRestoreAsync(this);
        await ReleasePushAsync();
        await citizen.RecordFailureAsync(challenge.Method);
        ForgetProfile();
        await GrainFactory.GetGrain<ICitizenJournalGrain>(State.CitizenKey!).RecordAsync(new JournalEvent
        {
            Kind = JournalEventKind.PushDenied,
            At = time.GetUtcNow(),
            ClientId = State.Start?.ClientId,
            Methods = [challenge.Method],
        });
        return Answered(DeviceAnswerError.None);
    }

    private Task ReleasePushAsync() => GrainFactory.GetGrain<ICitizenDevicesGrain>(State.CitizenKey!).ReleasePushAsync(SessionId);

    private static bool Verify(DeviceAnswer answer, DeviceInfo device)
    {
        using var key = DeviceKeys.Import(device.PublicKeyX, device.PublicKeyY);
        return answer.VerifiedBy(key);
    }

    private DevicePrompt? DevicePromptOf() => State.DeviceChallenge is { } challenge
        ? new DevicePrompt { Method = challenge.Method, Number = challenge.Number, ExpiresAt = challenge.ExpiresAt, Denied = challenge.Denied }
        : null;

    private static DeviceAnswerResult Answered(DeviceAnswerError error, int attemptsLeft = 0) => new() { Error = error, AttemptsLeft = attemptsLeft };
}
