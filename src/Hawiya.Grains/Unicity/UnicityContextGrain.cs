using Hawiya.Contracts.Common;
using Hawiya.Contracts.Providers;
using Hawiya.Contracts.Unicity;
using Hawiya.Grains.Common;

namespace Hawiya.Grains.Unicity;

[GenerateSerializer, Alias("hawiya.UnicityContextState")]
public sealed class UnicityContextState
{
    [Id(0)] public UnicityContextStatus Status { get; set; }
    [Id(1)] public UnicityContextRegistration? Registration { get; set; }
    [Id(2)] public DateTimeOffset? OpenedAt { get; set; }
    [Id(3)] public DateTimeOffset? ClosedAt { get; set; }
}

public sealed class UnicityContextGrain(
    [PersistentState("unicitycontext", StorageNames.Default)] IPersistentState<UnicityContextState> state,
    IParticipationLedger ledger,
    TimeProvider time) : Grain, IUnicityContextGrain
{
    private UnicityContextState State => state.State;

    public Task<UnicityContextSnapshot> GetAsync() => Task.FromResult(Snapshot());

    public async Task<UnicityContextResult> RegisterAsync(UnicityContextRegistration registration)
    {
        ArgumentNullException.ThrowIfNull(registration);
        if (Validate(registration) is { } problem)
        {
            return Fail(UnicityContextError.InvalidRegistration, problem);
        }

        if (State.Status != UnicityContextStatus.Unknown)
        {
            return State.Status == UnicityContextStatus.Open && State.Registration!.Label == registration.Label
                ? Ok()
                : Fail(UnicityContextError.ForbiddenTransition, $"This context is already {State.Status}; a context id is used once.");
        }

        State.Registration = registration;
        State.Status = UnicityContextStatus.Open;
        State.OpenedAt = time.GetUtcNow();
        await state.WriteOrRestoreAsync(this);
        return Ok();
    }

    public async Task<UnicityContextResult> CloseAsync()
    {
        if (State.Status == UnicityContextStatus.Closed)
        {
            return Ok();
        }

        if (State.Status != UnicityContextStatus.Open)
        {
            return Fail(UnicityContextError.ForbiddenTransition, "Only an open context can be closed.");
        }

        State.Status = UnicityContextStatus.Closed;
        State.ClosedAt = time.GetUtcNow();
        await state.WriteOrRestoreAsync(this);
        return Ok();
    }

    public async Task<long> CountParticipantsAsync() =>
        State.Registration is null ? 0 : await ledger.CountAsync(this.GetPrimaryKeyString());

    private string? Validate(UnicityContextRegistration registration)
    {
        if (!ClientIds.IsValid(registration.ClientId) || !UnicityKeys.IsValidContextId(registration.ContextId))
        {
            return "The context id must be " + UnicityKeys.ContextIdRule + ".";
        }

        if (UnicityKeys.Context(registration.ClientId, registration.ContextId) != this.GetPrimaryKeyString())
        {
            return "The registration does not name this context.";
        }

        return string.IsNullOrWhiteSpace(registration.Label) || registration.Label.Length > 200
            ? "The label must be 1 to 200 characters."
            : null;
    }

    private UnicityContextSnapshot Snapshot() => new()
    {
        Status = State.Status,
        Registration = State.Registration,
        OpenedAt = State.OpenedAt,
        ClosedAt = State.ClosedAt,
    };

    private UnicityContextResult Ok() => new() { Error = UnicityContextError.None, Snapshot = Snapshot() };

    private UnicityContextResult Fail(UnicityContextError error, string detail) =>
        new() { Error = error, Snapshot = Snapshot(), Detail = detail };
}
