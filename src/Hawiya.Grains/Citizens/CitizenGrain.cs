using Hawiya.Contracts.Cards;
using Hawiya.Contracts.Citizens;
using Hawiya.Contracts.Common;
using Hawiya.Grains.Common;
using Hawiya.Grains.Credentials;
using Microsoft.Extensions.Logging;

namespace Hawiya.Grains.Citizens;

/// <summary>
/// A digital identity. Its stored state is split by what changes together: "citizen" (status,
/// methods, credentials, contact points, failure counts), "citizen-consents", "citizen-sessions"
/// and "citizen-devices". An operation writes only the states it changed, each at most once.
/// </summary>
public sealed partial class CitizenGrain(
    [PersistentState("citizen", StorageNames.Default)] IPersistentState<CitizenState> state,
    [PersistentState("citizen-consents", StorageNames.Default)] IPersistentState<CitizenConsentsState> consents,
    [PersistentState("citizen-sessions", StorageNames.Default)] IPersistentState<CitizenSessionsState> sessions,
    [PersistentState("citizen-devices", StorageNames.Default)] IPersistentState<CitizenDevicesState> devices,
    TimeProvider time,
    IPasswordHasher passwords,
    ILogger<CitizenGrain> logger) : Grain, ICitizenGrain
{
    private CitizenState State => state.State;

    public Task<CitizenSnapshot> GetAsync() => Task.FromResult(State.ToSnapshot());

    public async Task<CitizenResult> RegisterAsync()
    {
        if (!State.Registered)
        {
            MarkRegistered();
            await state.WriteOrRestoreAsync(this);
        }

        return Ok();
    }

    public Task<CitizenResult> ActivateAsync() =>
        ChangeStatusAsync(CitizenStatus.Active, CitizenTransitions.CanActivate);

    public Task<CitizenResult> DeactivateAsync() =>
        ChangeStatusAsync(CitizenStatus.Deactivated, CitizenTransitions.CanDeactivate);

    public Task<CitizenResult> FreezeAsync() =>
        ChangeStatusAsync(CitizenStatus.Frozen, CitizenTransitions.CanFreeze);

    public Task<CitizenResult> DeclareDeceasedAsync() =>
        ChangeStatusAsync(CitizenStatus.Deceased, CitizenTransitions.CanDeclareDeceased);

    public async Task<CitizenResult> UnfreezeWithCardAsync(string cardKey)
    {
        if (!State.Registered)
        {
            return Fail(CitizenError.Unknown);
        }

        if (!CitizenTransitions.CanUnfreeze(State.Status))
        {
            return Fail(CitizenError.ForbiddenTransition, $"{State.Status} cannot be unfrozen.");
        }

        // SECURITY: only the holder's own card, still valid and not revoked, unfreezes:
        // a frozen identity is presumed compromised for every other factor.
        var card = await GrainFactory.GetGrain<ICardGrain>(cardKey).GetAsync();
        var own = State.CardKeys.Contains(cardKey, StringComparer.Ordinal)
            && card.Issue?.HolderKey == this.GetPrimaryKeyString();
        if (!own || !card.IsUsableAt(time.GetUtcNow()))
        {
            return Fail(CitizenError.CardNotUsable);
        }

        return await ChangeStatusAsync(CitizenStatus.Active, CitizenTransitions.CanUnfreeze);
    }

    public async Task<CitizenResult> EnrollMethodAsync(AuthMethod method)
    {
        if (Refusal(CitizenTransitions.CanAddOrEnableMethods) is { } refused)
        {
            return refused;
        }

        if (State.Methods.ContainsKey(method))
        {
            return Fail(CitizenError.MethodAlreadyEnrolled);
        }

        State.Methods[method] = new CitizenMethodState { Enabled = true, EnrolledAt = time.GetUtcNow() };
        await state.WriteOrRestoreAsync(this);
        LogMethodEnrolled(method);
        return Ok();
    }

    public async Task<CitizenResult> SetMethodEnabledAsync(AuthMethod method, bool enabled)
    {
        Func<CitizenStatus, bool> allowed = enabled ? CitizenTransitions.CanAddOrEnableMethods : CitizenTransitions.CanDisableMethods;
        if (Refusal(allowed) is { } refused)
        {
            return refused;
        }

        if (!State.Methods.TryGetValue(method, out var enrolled))
        {
            return Fail(CitizenError.MethodNotEnrolled);
        }

        if (enrolled.Enabled != enabled)
        {
            enrolled.Enabled = enabled;
            await state.WriteOrRestoreAsync(this);
        }

        return Ok();
    }

    public async Task<CitizenResult> AttachCardAsync(string cardKey)
    {
        ArgumentException.ThrowIfNullOrEmpty(cardKey);
        if (State.CardKeys.Contains(cardKey, StringComparer.Ordinal))
        {
            return Ok();
        }

        if (!State.Registered)
        {
            // A card issued to a holder makes the holder known to the platform.
            MarkRegistered();
        }

        State.CardKeys.Add(cardKey);
        await state.WriteOrRestoreAsync(this);
        return Ok();
    }

    private void MarkRegistered()
    {
        State.Registered = true;
        State.Status = CitizenStatus.NotActivated;
        State.StatusChangedAt = time.GetUtcNow();
        State.PairwiseSecret ??= System.Security.Cryptography.RandomNumberGenerator.GetBytes(32);
    }

    private async Task<CitizenResult> ChangeStatusAsync(CitizenStatus target, Func<CitizenStatus, bool> allowedFrom)
    {
        if (!State.Registered)
        {
            return Fail(CitizenError.Unknown);
        }

        if (State.Status == target)
        {
            return Ok();
        }

        if (!allowedFrom(State.Status))
        {
            return Fail(CitizenError.ForbiddenTransition, $"{State.Status} cannot become {target}.");
        }

        var from = State.Status;
        State.Status = target;
        State.StatusChangedAt = time.GetUtcNow();
        await state.WriteOrRestoreAsync(this);
        LogStatusChanged(from, target);
        return Ok();
    }

    private CitizenResult? Refusal(Func<CitizenStatus, bool> allowed)
    {
        if (!State.Registered)
        {
            return Fail(CitizenError.Unknown);
        }

        return allowed(State.Status) ? null : Fail(CitizenError.ForbiddenTransition, $"Not allowed while {State.Status}.");
    }

    private CitizenResult Ok() => new() { Error = CitizenError.None, Snapshot = State.ToSnapshot() };

    private CitizenResult Fail(CitizenError error, string? detail = null) =>
        new() { Error = error, Snapshot = State.ToSnapshot(), Detail = detail };

    // The grain key is a pseudonym, so it may be logged; nothing else about the citizen is.
    [LoggerMessage(Level = LogLevel.Information, Message = "Citizen status {From} -> {To}")]
    private partial void LogStatusChanged(CitizenStatus from, CitizenStatus to);

    [LoggerMessage(Level = LogLevel.Information, Message = "Citizen enrolled method {Method}")]
    private partial void LogMethodEnrolled(AuthMethod method);
}
