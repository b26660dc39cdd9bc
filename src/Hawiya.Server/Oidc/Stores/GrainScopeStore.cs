using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using Hawiya.Contracts.Scopes;
using Hawiya.Server.Oidc.Release;
using OpenIddict.Abstractions;

namespace Hawiya.Server.Oidc.Stores;

/// <summary>A scope as OpenIddict sees it.</summary>
public sealed class OidcScope
{
    public string? Name { get; set; }
    public string? DisplayName { get; set; }
    public ImmutableDictionary<CultureInfo, string> DisplayNames { get; set; } = ImmutableDictionary<CultureInfo, string>.Empty;
    public ImmutableDictionary<string, JsonElement> Properties { get; set; } = ImmutableDictionary<string, JsonElement>.Empty;

    public static OidcScope From(ScopeDescription scope) => new()
    {
        Name = scope.Name,
        DisplayName = scope.French,
        DisplayNames = ImmutableDictionary<CultureInfo, string>.Empty
            .Add(CultureInfo.GetCultureInfo("fr"), scope.French)
            .Add(CultureInfo.GetCultureInfo("en"), scope.English)
            .Add(CultureInfo.GetCultureInfo("ar"), scope.Arabic),
    };

    public ScopeDescription ToDescription() => new()
    {
        Name = Name!,
        French = DisplayNames.GetValueOrDefault(CultureInfo.GetCultureInfo("fr")) ?? DisplayName ?? Name!,
        English = DisplayNames.GetValueOrDefault(CultureInfo.GetCultureInfo("en")) ?? DisplayName ?? Name!,
        Arabic = DisplayNames.GetValueOrDefault(CultureInfo.GetCultureInfo("ar")) ?? DisplayName ?? Name!,
    };
}

/// <summary>
/// Scopes are <see cref="IScopeGrain"/>s. Hawiya serves the protocol's scopes only
/// (<see cref="ScopeCatalog"/>: their names and the claims each releases are fixed by OIDC
/// Core §5.4); their descriptions, shown on the consent page, are the grains' state and can
/// be changed through this store. Request validation never reaches here: the scopes are
/// also registered with the server.
/// </summary>
public sealed class GrainScopeStore(ScopeDescriptions descriptions) : IOpenIddictScopeStore<OidcScope>
{
    public ValueTask<OidcScope?> FindByIdAsync(string identifier, CancellationToken cancellationToken) => FindByNameAsync(identifier, cancellationToken);

    public async ValueTask<OidcScope?> FindByNameAsync(string name, CancellationToken cancellationToken) =>
        ScopeCatalog.ByName.ContainsKey(name) ? OidcScope.From(await descriptions.GetAsync(name)) : null;

    public IAsyncEnumerable<OidcScope> FindByNamesAsync(ImmutableArray<string> names, CancellationToken cancellationToken) =>
        LoadAsync(names.Where(ScopeCatalog.ByName.ContainsKey));

    public IAsyncEnumerable<OidcScope> FindByResourceAsync(string resource, CancellationToken cancellationToken) => AsyncEnumerable.Empty<OidcScope>();

    public IAsyncEnumerable<OidcScope> ListAsync(int? count, int? offset, CancellationToken cancellationToken) =>
        LoadAsync(ScopeCatalog.All.Skip(offset ?? 0).Take(count ?? int.MaxValue).Select(s => s.Name));

    public ValueTask<long> CountAsync(CancellationToken cancellationToken) => new(ScopeCatalog.All.Length);

    public async ValueTask CreateAsync(OidcScope scope, CancellationToken cancellationToken) => await SaveAsync(scope);

    public async ValueTask UpdateAsync(OidcScope scope, CancellationToken cancellationToken) => await SaveAsync(scope);

    public ValueTask DeleteAsync(OidcScope scope, CancellationToken cancellationToken) =>
        throw new NotSupportedException("The protocol scopes cannot be deleted; a provider's grain says which of them it may ask for.");

    public ValueTask<string?> GetDescriptionAsync(OidcScope scope, CancellationToken cancellationToken) => new(scope.DisplayName);
    public ValueTask<ImmutableDictionary<CultureInfo, string>> GetDescriptionsAsync(OidcScope scope, CancellationToken cancellationToken) => new(scope.DisplayNames);
    public ValueTask<string?> GetDisplayNameAsync(OidcScope scope, CancellationToken cancellationToken) => new(scope.DisplayName);
    public ValueTask<ImmutableDictionary<CultureInfo, string>> GetDisplayNamesAsync(OidcScope scope, CancellationToken cancellationToken) => new(scope.DisplayNames);
    public ValueTask<string?> GetIdAsync(OidcScope scope, CancellationToken cancellationToken) => new(scope.Name);
    public ValueTask<string?> GetNameAsync(OidcScope scope, CancellationToken cancellationToken) => new(scope.Name);
    public ValueTask<ImmutableDictionary<string, JsonElement>> GetPropertiesAsync(OidcScope scope, CancellationToken cancellationToken) => new(scope.Properties);
    public ValueTask<ImmutableArray<string>> GetResourcesAsync(OidcScope scope, CancellationToken cancellationToken) => new(ImmutableArray<string>.Empty);
    public ValueTask<OidcScope> InstantiateAsync(CancellationToken cancellationToken) => new(new OidcScope());

    public ValueTask SetDescriptionAsync(OidcScope scope, string? description, CancellationToken cancellationToken) => EntityFields.Set(() => scope.DisplayName = description);
    public ValueTask SetDescriptionsAsync(OidcScope scope, ImmutableDictionary<CultureInfo, string> descriptions, CancellationToken cancellationToken) => EntityFields.Set(() => scope.DisplayNames = descriptions);
    public ValueTask SetDisplayNameAsync(OidcScope scope, string? name, CancellationToken cancellationToken) => EntityFields.Set(() => scope.DisplayName = name);
    public ValueTask SetDisplayNamesAsync(OidcScope scope, ImmutableDictionary<CultureInfo, string> names, CancellationToken cancellationToken) => EntityFields.Set(() => scope.DisplayNames = names);
    public ValueTask SetNameAsync(OidcScope scope, string? name, CancellationToken cancellationToken) => EntityFields.Set(() => scope.Name = name);
    public ValueTask SetPropertiesAsync(OidcScope scope, ImmutableDictionary<string, JsonElement> properties, CancellationToken cancellationToken) => EntityFields.Set(() => scope.Properties = properties);
    public ValueTask SetResourcesAsync(OidcScope scope, ImmutableArray<string> resources, CancellationToken cancellationToken) =>
        resources.IsDefaultOrEmpty ? ValueTask.CompletedTask : throw new NotSupportedException("Hawiya's scopes name no resource servers.");

    public async ValueTask<long> CountAsync<TResult>(Func<IQueryable<OidcScope>, IQueryable<TResult>> query, CancellationToken cancellationToken) =>
        query((await AllAsync()).AsQueryable()).LongCount();

    public async ValueTask<TResult?> GetAsync<TState, TResult>(Func<IQueryable<OidcScope>, TState, IQueryable<TResult>> query, TState state, CancellationToken cancellationToken) =>
        query((await AllAsync()).AsQueryable(), state).FirstOrDefault();

    public async IAsyncEnumerable<TResult> ListAsync<TState, TResult>(Func<IQueryable<OidcScope>, TState, IQueryable<TResult>> query, TState state, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var result in query((await AllAsync()).AsQueryable(), state))
        {
            yield return result;
        }
    }

    private async IAsyncEnumerable<OidcScope> LoadAsync(IEnumerable<string> names)
    {
        foreach (var description in await Task.WhenAll(names.Select(descriptions.GetAsync)))
        {
            yield return OidcScope.From(description);
        }
    }

    private async Task<OidcScope[]> AllAsync() =>
        (await Task.WhenAll(ScopeCatalog.All.Select(s => descriptions.GetAsync(s.Name)))).Select(OidcScope.From).ToArray();

    private Task SaveAsync(OidcScope scope) => scope.Name is { } name && ScopeCatalog.ByName.ContainsKey(name)
        ? descriptions.SetAsync(scope.ToDescription())
        : throw new NotSupportedException($"Hawiya serves the protocol scopes only ({string.Join(", ", ScopeCatalog.ByName.Keys)}).");
}
