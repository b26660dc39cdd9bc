using Hawiya.Contracts.Common;
using Hawiya.Contracts.Scopes;
using Hawiya.Grains.Common;

namespace Hawiya.Grains.Scopes;

[GenerateSerializer, Alias("hawiya.ScopeState")]
public sealed class ScopeState
{
    [Id(0)] public ScopeDescription? Description { get; set; }
}

public sealed class ScopeGrain([PersistentState("scope", StorageNames.Default)] IPersistentState<ScopeState> state) : Grain, IScopeGrain
{
    public Task<ScopeDescription?> GetAsync() => Task.FromResult(state.State.Description);

    public async Task SetAsync(ScopeDescription description)
    {
        if (description.Name != this.GetPrimaryKeyString())
        {
            throw new ArgumentException("A scope is described under its own name.", nameof(description));
        }

        state.State.Description = description;
        await state.WriteOrRestoreAsync(this);
    }

    public async Task<ScopeDescription> EnsureDefaultAsync(ScopeDescription description)
    {
        if (state.State.Description is null)
        {
            await SetAsync(description);
        }

        return state.State.Description!;
    }
}
