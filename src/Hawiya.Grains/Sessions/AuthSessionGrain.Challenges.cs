using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Hawiya.Contracts.Citizens;
using Hawiya.Contracts.Common;
using Hawiya.Contracts.Sessions;
using Hawiya.Grains.Common;

namespace Hawiya.Grains.Sessions;

// One-time codes and passwords.
public sealed partial class AuthSessionGrain
{
    /// <summary>A code is good for five minutes and five guesses.</summary>
    public static readonly TimeSpan CodeLifetime = TimeSpan.FromMinutes(5);

    public const int CodeAttempts = 5;

    public async Task<IssuedCode> IssueCodeAsync(AuthMethod channel)
    {
        if (channel is not (AuthMethod.Sms or AuthMethod.Email))
        {
            throw new ArgumentOutOfRangeException(nameof(channel), channel, "Only SMS and email carry one-time codes.");
        }

        if (Refusal(channel) is { } refused)
        {
            return new IssuedCode { Error = refused };
        }

        var profile = await ProfileAsync();
        var usable = profile.CanLogIn && profile.UsableMethods.Contains(channel);
        var destination = channel == AuthMethod.Sms ? profile.Phone : profile.Email;
        // The methods page's own rule, kept here so a page may ask without reading the session
        // first: a channel that brings the level no closer, or, once a first factor passed (the
        // citizen is known), one the citizen cannot use, is not offered.
        if (!levels.Helps(channel, State.Passed.Keys, State.Start?.RequiredLevel ?? LevelOfAssurance.Low)
            || (State.Passed.Count > 0 && profile.CanLogIn && !usable))
        {
            return new IssuedCode { Error = ChallengeError.MethodNotOffered };
        }

        // SECURITY: a code is issued whether or not the citizen exists or may use this
        // channel, so the page behaves the same; it is simply never sent, and never matches.
        var code = RandomNumberGenerator.GetInt32(0, 1_000_000).ToString("D6", CultureInfo.InvariantCulture);
        var salt = RandomNumberGenerator.GetBytes(16);
        State.Challenge = new OtpChallengeState
        {
            Channel = channel,
            Salt = salt,
            Digest = usable ? Digest(salt, code) : RandomNumberGenerator.GetBytes(32),
            ExpiresAt = time.GetUtcNow() + CodeLifetime,
        };
        State.UndeliveredCode = null;
        await state.WriteOrRestoreAsync(this);
        return new IssuedCode
        {
            Error = ChallengeError.None,
            Code = usable ? code : string.Empty,
            Destination = usable ? destination : null,
            ExpiresAt = State.Challenge.ExpiresAt,
            Session = View(),
        };
    }

    public async Task<ChallengeResult> VerifyCodeAsync(string code)
    {
        if (State.Challenge is not { } challenge)
        {
            return Result(IsOpen() ? ChallengeError.NoChallenge : ChallengeError.SessionClosed);
        }

        if (Refusal(challenge.Channel) is { } refused)
        {
            return Result(refused);
        }

        if (time.GetUtcNow() >= challenge.ExpiresAt)
        {
            State.Challenge = null;
            await state.WriteOrRestoreAsync(this);
            return Result(ChallengeError.Expired);
        }

        // The sixth guess fails even when right: it is not compared. The comparison is local; the
        // citizen, in one call, refuses a method locked elsewhere (another session, the password)
        // even to a right code, before anything is spent or counted, and counts the answer.
        var answer = challenge.Attempts >= CodeAttempts ? CodeAnswer.Spent
            : CryptographicOperations.FixedTimeEquals(Digest(challenge.Salt, code), challenge.Digest) ? CodeAnswer.Right
            : CodeAnswer.Wrong;
        var completing = answer == CodeAnswer.Right ? Completing(challenge.Channel) : null;
        var check = await GrainFactory.GetGrain<ICitizenGrain>(State.CitizenKey!).RecordCodeAnswerAsync(challenge.Channel, answer, completing);
        if (check.Refused)
        {
            ForgetProfile();
            return Result(ChallengeError.Locked);
        }

        challenge.Attempts++;
        if (answer == CodeAnswer.Spent)
        {
            State.Challenge = null;
            await state.WriteOrRestoreAsync(this);
            return Result(ChallengeError.AttemptsExhausted);
        }

        if (answer == CodeAnswer.Wrong)
        {
            await state.WriteOrRestoreAsync(this);
            ForgetProfile();
            return Result(ChallengeError.Rejected, CodeAttempts - challenge.Attempts, check.LockedUntil);
        }

        State.Challenge = null;
        await PassAsync(challenge.Channel, listedUntil: completing?.ListedUntil);
        return Result(ChallengeError.None) with { Release = check.Release };
    }

    /// <summary>
    /// The session as the citizen lists it when passing <paramref name="channel"/> authenticates
    /// it at the level asked (as <see cref="PassAsync"/> will find); null when more is needed.
    /// </summary>
    private CompletingSession? Completing(AuthMethod channel)
    {
        if (State.Start is not { } start || levels.LevelOf([.. State.Passed.Keys, channel]) < start.RequiredLevel)
        {
            return null;
        }

        return new CompletingSession
        {
            SessionId = SessionId,
            ListedUntil = time.GetUtcNow() + SingleSignOnLifetime,
            ClientId = start.ClientId,
            Sector = start.Sector,
        };
    }

    public async Task<ChallengeResult> VerifyPasswordAsync(string password)
    {
        if (Refusal(AuthMethod.Password) is { } refused)
        {
            return Result(refused);
        }

        var completing = Completing(AuthMethod.Password);
        var check = await GrainFactory.GetGrain<ICitizenGrain>(State.CitizenKey!).VerifyPasswordAsync(password, completing);
        // A failure may have locked the password: the next page reads the profile again.
        ForgetProfile();
        if (!check.Succeeded)
        {
            return Result(check.LockedUntil is not null && check.LockedUntil > time.GetUtcNow() ? ChallengeError.Locked : ChallengeError.Rejected, lockedUntil: check.LockedUntil);
        }

        await PassAsync(AuthMethod.Password, listedUntil: completing?.ListedUntil);
        return Result(ChallengeError.None) with { Release = check.Release };
    }

    private ChallengeError? Refusal(AuthMethod method)
    {
        if (!IsOpen())
        {
            return ChallengeError.SessionClosed;
        }

        if (State.CitizenKey is null)
        {
            return ChallengeError.NotIdentified;
        }

        return State.Start is { } start && !start.AllowedMethods.Contains(method) ? ChallengeError.MethodNotOffered : null;
    }

    private ChallengeResult Result(ChallengeError error, int attemptsLeft = 0, DateTimeOffset? lockedUntil = null) =>
        new() { Error = error, Session = View(), AttemptsLeft = attemptsLeft, LockedUntil = lockedUntil };

    /// <summary>A keyed digest, so the stored value says nothing of the code without the per-challenge salt.</summary>
    private static byte[] Digest(byte[] salt, string code) => HMACSHA256.HashData(salt, Encoding.UTF8.GetBytes(code));
}
