using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Hawiya.Contracts.Citizens;
using Hawiya.Contracts.Common;
using Hawiya.Contracts.Devices;
using Hawiya.Contracts.Journal;
using Hawiya.Grains.Common;

namespace Hawiya.Grains.Citizens;

// Contact points (phone, email) verified by a code. They are credentials of the SMS and email
// methods, so they live in "citizen" with the methods: confirming one is a single write.
public sealed partial class CitizenGrain
{
    /// <summary>A contact code is good for ten minutes and five guesses.</summary>
    public static readonly TimeSpan ContactCodeLifetime = TimeSpan.FromMinutes(10);

    public const int ContactCodeAttempts = 5;

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
}
