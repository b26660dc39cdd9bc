using Hawiya.Contracts.Citizens;
using Hawiya.Contracts.Common;
using Hawiya.Contracts.Sessions;
using Hawiya.Grains.Common;
using Microsoft.Extensions.Logging;

namespace Hawiya.Grains.Sessions;

/// <summary>
/// A login at one provider: request, identification, challenges, level, and the tokens
/// issued from it. Single-threaded, so a code is redeemed once and guesses are counted exactly.
/// </summary>
public sealed partial class AuthSessionGrain(
    [PersistentState("authsession", StorageNames.Default)] IPersistentState<AuthSessionState> state,
    [PersistentState("authorization", StorageNames.Default)] IPersistentState<SessionAuthorizationState> authorization,
    LevelPolicy levels,
    TimeProvider time,
    ILogger<AuthSessionGrain> logger) : Grain, IAuthSessionGrain
{
    /// <summary>How long a citizen has to finish logging in once the provider's request arrived.</summary>
    public static readonly TimeSpan LoginWindow = TimeSpan.FromMinutes(15);

    /// <summary>How long an authentication made here can serve single sign-on.</summary>
    public static readonly TimeSpan SingleSignOnLifetime = TimeSpan.FromHours(8);

    private AuthSessionState State => state.State;

    private SessionAuthorizationState Authorization => authorization.State;

    private string SessionId => this.GetPrimaryKeyString();

    public Task<SessionView> GetAsync() => Task.FromResult(View());

    public Task<SessionView> BeginAsync(SessionStart start)
    {
        if (State.Start is null && State.Status == SessionStatus.Pending)
        {
            Begin(start);
        }

        return Task.FromResult(View());
    }

    private void Begin(SessionStart start)
    {
        State.Start = start;
        State.PendingStart = null;
        State.Status = SessionStatus.InProgress;
        if (State.CreatedAt == default)
        {
            State.CreatedAt = time.GetUtcNow();
        }

        Defer();
    }

    public async Task<SessionView> IdentifyAsync(string citizenKey)
    {
        // Once a factor is passed the citizen is fixed: a second identity cannot ride on it.
        if (IsOpen() && State.Passed.Count == 0 && State.CitizenKey != citizenKey)
        {
            State.CitizenKey = citizenKey;
            State.Challenge = null;
            Defer();
        }

        // The methods page follows: its profile is read here, for every citizen alike, known or not.
        if (State.CitizenKey is not null)
        {
            await ProfileAsync();
        }

        return View();
    }

    public async Task<SessionView> AdoptAuthenticationAsync(Authentication authentication)
    {
        if (!IsOpen() || State.Authentication is not null || (State.CitizenKey is not null && State.CitizenKey != authentication.CitizenKey))
        {
            return View();
        }

        State.CitizenKey = authentication.CitizenKey;
        foreach (var method in authentication.Methods)
        {
            State.Passed[method] = authentication.AuthTime;
        }

        if (State.Start is { } start && authentication.Level >= start.RequiredLevel)
        {
            // Strong enough: single sign-on, the earlier authentication stands as it was.
            State.Authentication = authentication;
            State.Status = SessionStatus.Authenticated;
        }

        // Otherwise this is a step-up: the citizen is known and keeps the factors already
        // passed, so only what the level still lacks is asked for.
        await state.WriteOrRestoreAsync(this);
        return View();
    }

    public Task<Authentication?> GetLiveAuthenticationAsync() => Task.FromResult(
        State.Status == SessionStatus.Authenticated
        && !State.SingleSignOnEnded
        && State.Authentication is { } authentication
        && authentication.OriginSessionId == SessionId
        && time.GetUtcNow() < authentication.AuthTime + SingleSignOnLifetime
            ? State.Authentication
            : null);

    public async Task EndSingleSignOnAsync()
    {
        if (!State.SingleSignOnEnded)
        {
            State.SingleSignOnEnded = true;
            await state.WriteOrRestoreAsync(this);
        }
    }

    public async Task<SessionView> DenyAsync()
    {
        if (State.Status is SessionStatus.Pending or SessionStatus.InProgress or SessionStatus.Authenticated)
        {
            State.Status = SessionStatus.Denied;
            State.Challenge = null;
            await state.WriteOrRestoreAsync(this);
        }

        return View();
    }

    /// <summary>Challenges are taken only while the login is in progress and within its window.</summary>
    private bool IsOpen() =>
        State.Status is SessionStatus.InProgress or SessionStatus.Authenticated
        && time.GetUtcNow() < State.CreatedAt + LoginWindow;

    /// <summary>
    /// Records <paramref name="method"/> passed; authenticates the session once the level asked is
    /// reached, and has the citizen list it, unless the citizen already did so in the call that
    /// checked this factor (<paramref name="listedUntil"/>).
    /// </summary>
    private async Task PassAsync(AuthMethod method, DateTimeOffset? listedUntil = null)
    {
        var now = time.GetUtcNow();
        State.Passed[method] = now;
        var level = levels.LevelOf(State.Passed.Keys);
        if (State.Start is { } start && level >= start.RequiredLevel)
        {
            State.Status = SessionStatus.Authenticated;
            State.Authentication = new Authentication
            {
                CitizenKey = State.CitizenKey!,
                Methods = State.Passed.Keys.Order().ToArray(),
                Level = level,
                AuthTime = now,
                OriginSessionId = SessionId,
            };
            // The citizen's list of sessions is what "not me" and revocation walk through.
            if (listedUntil is { } until)
            {
                _listedWithCitizen = (State.CitizenKey!, until);
            }
            else
            {
                await RegisterWithCitizenAsync(State.CitizenKey!, now + SingleSignOnLifetime);
            }
        }

        await state.WriteOrRestoreAsync(this);
        LogPassed(method, level);
    }

    private SessionView View() => new()
    {
        SessionId = SessionId,
        Status = State.Status == SessionStatus.InProgress && !IsOpen() ? SessionStatus.Denied : State.Status,
        Start = State.Start,
        Identified = State.CitizenKey is not null,
        PassedMethods = State.Passed.Keys.Order().ToArray(),
        Level = levels.LevelOf(State.Passed.Keys),
        Authentication = State.Authentication,
        PendingChallenge = State.Challenge?.Channel,
        UndeliveredCode = State.UndeliveredCode,
        ExpiresAt = State.CreatedAt + LoginWindow,
        Subject = Authorization.Subject,
        AuthorizedScopes = Authorization.Scopes,
        CitizenKey = State.CitizenKey,
        AuthorizedClaims = Authorization.Claims,
        DevicePrompt = DevicePromptOf(),
        CitizenMethods = State.CitizenKey is null ? null : KeptMethods(),
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "Login factor {Method} passed; level now {Level}")]
    private partial void LogPassed(AuthMethod method, LevelOfAssurance level);
}
