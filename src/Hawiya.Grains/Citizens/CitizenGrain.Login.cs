using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Hawiya.Contracts.Citizens;
using Hawiya.Contracts.Common;
using Hawiya.Grains.Common;

namespace Hawiya.Grains.Citizens;

// Credentials, lockouts and the release: what a login asks of the citizen. Everything here writes
// only the "citizen" state, and only when something changed.
public sealed partial class CitizenGrain
{
    public async Task<CitizenResult> ImportAsync(CitizenImport import)
    {
        if (!State.Registered)
        {
            MarkRegistered();
        }

        var newMethods = import.Methods.Where(m => !State.Methods.ContainsKey(m)).Distinct().ToArray();
        if (newMethods.Length > 0 && !CitizenTransitions.CanAddOrEnableMethods(State.Status))
        {
            return Fail(CitizenError.ForbiddenTransition, $"Methods cannot be added while {State.Status}.");
        }

        if (import.Activate && State.Status != CitizenStatus.Active && !CitizenTransitions.CanActivate(State.Status))
        {
            return Fail(CitizenError.ForbiddenTransition, $"{State.Status} cannot become Active.");
        }

        var now = time.GetUtcNow();
        foreach (var method in newMethods)
        {
            State.Methods[method] = new CitizenMethodState { Enabled = true, EnrolledAt = now };
        }

        ApplyCredentials(import.Credentials);
        if (import.Activate && State.Status != CitizenStatus.Active)
        {
            State.Status = CitizenStatus.Active;
            State.StatusChangedAt = now;
        }

        await state.WriteOrRestoreAsync(this);
        return Ok();
    }

    public async Task<CitizenResult> SetCredentialsAsync(CitizenCredentials credentials)
    {
        if (!State.Registered)
        {
            return Fail(CitizenError.Unknown);
        }

        ApplyCredentials(credentials);
        await state.WriteOrRestoreAsync(this);
        return Ok();
    }

    private void ApplyCredentials(CitizenCredentials credentials)
    {
        State.PasswordHash = credentials.PasswordHash ?? State.PasswordHash;
        State.Phone = credentials.Phone ?? State.Phone;
        State.Email = credentials.Email ?? State.Email;
        State.SealedIdentity = credentials.SealedIdentity ?? State.SealedIdentity;
    }

    public Task<CitizenLoginProfile> GetLoginProfileAsync()
    {
        var now = time.GetUtcNow();
        var usable = State.Methods
            .Select(m => m.Key)
            .Where(m => IsUsable(m, now))
            .Order()
            .ToArray();
        return Task.FromResult(new CitizenLoginProfile
        {
            Registered = State.Registered,
            Status = State.Status,
            UsableMethods = usable,
            Phone = State.Phone,
            Email = State.Email,
        });
    }

    public async Task<CredentialCheck> VerifyPasswordAsync(string password, CompletingSession? completing = null)
    {
        var now = time.GetUtcNow();
        if (LockOf(AuthMethod.Password, now) is { } locked)
        {
            return locked;
        }

        // SECURITY: an unusable password (none set, method off, identity not active) is still
        // hashed against a dummy, so timing does not tell which case it was.
        var usable = State.Status == CitizenStatus.Active
            && State.Methods.TryGetValue(AuthMethod.Password, out var method) && method.Enabled
            && State.PasswordHash is not null;
        var matches = await passwords.VerifyAsync(password, usable ? State.PasswordHash! : await DummyHashAsync()) && usable;
        if (matches)
        {
            await RecordSuccessAsync(AuthMethod.Password);
            return await CompletedAsync(completing);
        }

        return await RecordFailureAsync(AuthMethod.Password);
    }

    public async Task<CredentialCheck> RecordFailureAsync(AuthMethod method)
    {
        var failure = State.Failures.TryGetValue(method, out var existing) ? existing : State.Failures[method] = new CitizenFailureState();
        failure.Consecutive++;
        var now = time.GetUtcNow();
        failure.LockedUntil = LockoutPolicy.LockFor(failure.Consecutive) is { } duration ? now + duration : null;
        var needsRecovery = failure.Consecutive >= LockoutPolicy.RecoveryThreshold;
        if (needsRecovery && State.Methods.TryGetValue(method, out var enrolled))
        {
            // NIST SP 800-63B §5.2.2: no more than 100 consecutive failed attempts on one authenticator.
            enrolled.Enabled = false;
        }

        await state.WriteOrRestoreAsync(this);
        return new CredentialCheck { Succeeded = false, LockedUntil = failure.LockedUntil, NeedsRecovery = needsRecovery };
    }

    public async Task RecordSuccessAsync(AuthMethod method)
    {
        // A success costs a write only when it clears a failure count.
        if (State.Failures.Remove(method))
        {
            await state.WriteOrRestoreAsync(this);
        }
    }

    public async Task<CredentialCheck> RecordCodeAnswerAsync(AuthMethod method, CodeAnswer answer, CompletingSession? completing = null)
    {
        var now = time.GetUtcNow();
        // SECURITY: a lock earned elsewhere (another session, the password) stops a right code too.
        var canLogIn = State.Registered && State.Status == CitizenStatus.Active;
        if (canLogIn && !IsUsable(method, now))
        {
            return new CredentialCheck { Succeeded = false, Refused = true, LockedUntil = LockOf(method, now)?.LockedUntil };
        }

        switch (answer)
        {
            case CodeAnswer.Right:
                await RecordSuccessAsync(method);
                return await CompletedAsync(completing);
            case CodeAnswer.Wrong:
                return await RecordFailureAsync(method);
            default:
                return new CredentialCheck { Succeeded = false };
        }
    }

    /// <summary>A factor passed: the session it completes, if any, listed, and the release for its provider answered.</summary>
    private async Task<CredentialCheck> CompletedAsync(CompletingSession? completing)
    {
        if (completing is null)
        {
            return new CredentialCheck { Succeeded = true };
        }

        await AddSessionAsync(completing.SessionId, completing.ListedUntil, completing.ClientId);
        return new CredentialCheck { Succeeded = true, Release = await GetReleaseAsync(completing.Sector, completing.ClientId) };
    }

    public async Task<CitizenRelease> GetReleaseAsync(string sector, string clientId)
    {
        if (EnsurePairwiseSecret())
        {
            await state.WriteOrRestoreAsync(this);
        }

        return Release(sector, clientId);
    }

    /// <summary>Citizens registered before pairwise secrets existed get theirs on first use; true when it is now.</summary>
    private bool EnsurePairwiseSecret()
    {
        if (!State.Registered || State.PairwiseSecret is not null)
        {
            return false;
        }

        State.PairwiseSecret = RandomNumberGenerator.GetBytes(32);
        return true;
    }

    private CitizenRelease Release(string sector, string clientId) => new()
    {
        Subject = PairwiseSubject(sector),
        Phone = State.Phone,
        Email = State.Email,
        SealedIdentity = State.SealedIdentity,
        Status = State.Status,
        Consent = consents.State.Consents.TryGetValue(clientId, out var consent)
            ? new Consent { ClientId = clientId, Scopes = consent.Scopes, Claims = consent.Claims, GrantedAt = consent.GrantedAt }
            : null,
    };

    /// <summary>
    /// OIDC Core §8.1: one stable identifier per sector, unlinkable across sectors. Derived
    /// from a secret of this citizen only, so no platform-wide table maps subjects to citizens.
    /// </summary>
    private string PairwiseSubject(string sector)
    {
        var secret = State.PairwiseSecret ?? throw new InvalidOperationException("The citizen is not registered.");
        Span<byte> mac = stackalloc byte[32];
        HMACSHA256.HashData(secret, Encoding.UTF8.GetBytes("sub:" + sector), mac);
        return Base64Url.EncodeToString(mac);
    }

    private bool HasCredentialFor(AuthMethod method) => method switch
    {
        AuthMethod.Password => State.PasswordHash is not null,
        AuthMethod.Sms => State.Phone is not null,
        AuthMethod.Email => State.Email is not null,
        AuthMethod.Push or AuthMethod.Face => devices.State.Devices.Count > 0,
        _ => true,
    };

    /// <summary>Enrolled, turned on, with its credential, and not locked at <paramref name="now"/>.</summary>
    private bool IsUsable(AuthMethod method, DateTimeOffset now) =>
        State.Methods.TryGetValue(method, out var enrolled) && enrolled.Enabled && HasCredentialFor(method) && !IsLocked(method, now);

    private bool IsLocked(AuthMethod method, DateTimeOffset now) => LockOf(method, now) is not null;

    private CredentialCheck? LockOf(AuthMethod method, DateTimeOffset now) =>
        State.Failures.TryGetValue(method, out var failure) && failure.LockedUntil > now
            ? new CredentialCheck { Succeeded = false, LockedUntil = failure.LockedUntil, NeedsRecovery = failure.Consecutive >= LockoutPolicy.RecoveryThreshold }
            : null;

    // A valid hash of a random password, computed once per silo, to spend the same time on unusable accounts.
    private static string? dummyHash;

    private async Task<string> DummyHashAsync() => dummyHash ??= await passwords.HashAsync(Convert.ToBase64String(RandomNumberGenerator.GetBytes(16)));
}
