using Hawiya.Contracts.Common;
using Hawiya.Contracts.Providers;
using Hawiya.Grains.Common;
using Microsoft.Extensions.Logging;

namespace Hawiya.Grains.Providers;

public sealed partial class ServiceProviderGrain(
    [PersistentState("provider", StorageNames.Default)] IPersistentState<ServiceProviderState> state,
    TimeProvider time,
    ILogger<ServiceProviderGrain> logger) : Grain, IServiceProviderGrain
{
    private ServiceProviderState State => state.State;

    public Task<ProviderSnapshot> GetAsync() => Task.FromResult(Snapshot());

    public async Task<ProviderResult> RegisterAsync(ProviderRegistration registration)
    {
        if (State.Status is not (ProviderStatus.Unknown or ProviderStatus.Requested))
        {
            return Fail(ProviderError.ForbiddenTransition, $"A provider that is {State.Status} cannot re-register.");
        }

        if (!ClientIds.IsValid(this.GetPrimaryKeyString()))
        {
            return Fail(ProviderError.InvalidRegistration, "The client_id must be " + ClientIds.Rule);
        }

        if (ProviderRegistrationValidator.Validate(registration) is { } problem)
        {
            return Fail(ProviderError.InvalidRegistration, problem);
        }

        State.Registration = registration;
        State.Status = ProviderStatus.Requested;
        State.StatusChangedAt = time.GetUtcNow();
        await state.WriteOrRestoreAsync(this);
        return Ok();
    }

    public async Task<ProviderResult> UpdateRegistrationAsync(ProviderRegistration registration)
    {
        if (State.Status == ProviderStatus.Unknown)
        {
            return Fail(ProviderError.ForbiddenTransition, "An unknown provider registers before it updates.");
        }

        if (ProviderRegistrationValidator.Validate(registration) is { } problem)
        {
            return Fail(ProviderError.InvalidRegistration, problem);
        }

        State.Registration = registration;
        await state.WriteOrRestoreAsync(this);
        return Ok();
    }

    public Task<ProviderResult> AccreditAsync() =>
        ChangeStatusAsync(ProviderStatus.Accredited, ProviderStatus.Requested, reason: null);

    public Task<ProviderResult> SuspendAsync(string reason) =>
        ChangeStatusAsync(ProviderStatus.Suspended, ProviderStatus.Accredited, reason);

    public Task<ProviderResult> ReinstateAsync() =>
        ChangeStatusAsync(ProviderStatus.Accredited, ProviderStatus.Suspended, reason: null);

    private async Task<ProviderResult> ChangeStatusAsync(ProviderStatus target, ProviderStatus requiredFrom, string? reason)
    {
        if (State.Status == target)
        {
            return Ok();
        }

        if (State.Status != requiredFrom)
        {
            return Fail(ProviderError.ForbiddenTransition, $"A provider that is {State.Status} cannot become {target}.");
        }

        var from = State.Status;
        State.Status = target;
        State.SuspensionReason = reason;
        State.StatusChangedAt = time.GetUtcNow();
        await state.WriteOrRestoreAsync(this);
        LogStatusChanged(this.GetPrimaryKeyString(), from, target);
        return Ok();
    }

    private ProviderSnapshot Snapshot() => new()
    {
        ClientId = this.GetPrimaryKeyString(),
        Status = State.Status,
        Registration = State.Registration,
        StatusChangedAt = State.StatusChangedAt,
        SuspensionReason = State.SuspensionReason,
    };

    private ProviderResult Ok() => new() { Error = ProviderError.None, Snapshot = Snapshot() };

    private ProviderResult Fail(ProviderError error, string detail) =>
        new() { Error = error, Snapshot = Snapshot(), Detail = detail };

    [LoggerMessage(Level = LogLevel.Information, Message = "Provider {ClientId} status {From} -> {To}")]
    private partial void LogStatusChanged(string clientId, ProviderStatus from, ProviderStatus to);
}
