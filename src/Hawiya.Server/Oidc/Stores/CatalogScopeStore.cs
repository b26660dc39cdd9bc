using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
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

    public static OidcScope From(ScopeDefinition scope) => new()
    {
        Name = scope.Name,
        DisplayName = scope.French,
        DisplayNames = ImmutableDictionary<CultureInfo, string>.Empty
            .Add(CultureInfo.GetCultureInfo("fr"), scope.French)
            .Add(CultureInfo.GetCultureInfo("en"), scope.English)
            .Add(CultureInfo.GetCultureInfo("ar"), scope.Arabic),
    };
}

/// <summary>
/// Scopes are protocol constants (<see cref="ScopeCatalog"/>), registered with the server so
/// that request validation never needs this store; it answers read-only look-ups by name.
/// </summary>
public sealed class CatalogScopeStore : IOpenIddictScopeStore<OidcScope>
{
    private const string Code = "code (ScopeCatalog)";

    public ValueTask<OidcScope?> FindByIdAsync(string identifier, CancellationToken cancellationToken) => FindByNameAsync(identifier, cancellationToken);

    public ValueTask<OidcScope?> FindByNameAsync(string name, CancellationToken cancellationToken) =>
        new(ScopeCatalog.ByName.TryGetValue(name, out var scope) ? OidcScope.From(scope) : null);

    public IAsyncEnumerable<OidcScope> FindByNamesAsync(ImmutableArray<string> names, CancellationToken cancellationToken) =>
        names.Where(ScopeCatalog.ByName.ContainsKey).Select(n => OidcScope.From(ScopeCatalog.ByName[n])).ToAsyncEnumerable();

    public IAsyncEnumerable<OidcScope> FindByResourceAsync(string resource, CancellationToken cancellationToken) => AsyncEnumerable.Empty<OidcScope>();

    public IAsyncEnumerable<OidcScope> ListAsync(int? count, int? offset, CancellationToken cancellationToken) =>
        ScopeCatalog.All.Skip(offset ?? 0).Take(count ?? int.MaxValue).Select(OidcScope.From).ToAsyncEnumerable();

    public ValueTask<long> CountAsync(CancellationToken cancellationToken) => new(ScopeCatalog.All.Length);

    public ValueTask<string?> GetDescriptionAsync(OidcScope scope, CancellationToken cancellationToken) => new(scope.DisplayName);
    public ValueTask<ImmutableDictionary<CultureInfo, string>> GetDescriptionsAsync(OidcScope scope, CancellationToken cancellationToken) => new(scope.DisplayNames);
    public ValueTask<string?> GetDisplayNameAsync(OidcScope scope, CancellationToken cancellationToken) => new(scope.DisplayName);
    public ValueTask<ImmutableDictionary<CultureInfo, string>> GetDisplayNamesAsync(OidcScope scope, CancellationToken cancellationToken) => new(scope.DisplayNames);
    public ValueTask<string?> GetIdAsync(OidcScope scope, CancellationToken cancellationToken) => new(scope.Name);
    public ValueTask<string?> GetNameAsync(OidcScope scope, CancellationToken cancellationToken) => new(scope.Name);
    public ValueTask<ImmutableDictionary<string, JsonElement>> GetPropertiesAsync(OidcScope scope, CancellationToken cancellationToken) => new(scope.Properties);
    public ValueTask<ImmutableArray<string>> GetResourcesAsync(OidcScope scope, CancellationToken cancellationToken) => new(ImmutableArray<string>.Empty);
    public ValueTask<OidcScope> InstantiateAsync(CancellationToken cancellationToken) => new(new OidcScope());

    public ValueTask SetDescriptionAsync(OidcScope scope, string? description, CancellationToken cancellationToken) => throw ReadOnly();
    public ValueTask SetDescriptionsAsync(OidcScope scope, ImmutableDictionary<CultureInfo, string> descriptions, CancellationToken cancellationToken) => throw ReadOnly();
    public ValueTask SetDisplayNameAsync(OidcScope scope, string? name, CancellationToken cancellationToken) => throw ReadOnly();
    public ValueTask SetDisplayNamesAsync(OidcScope scope, ImmutableDictionary<CultureInfo, string> names, CancellationToken cancellationToken) => throw ReadOnly();
    public ValueTask SetNameAsync(OidcScope scope, string? name, CancellationToken cancellationToken) => throw ReadOnly();
    public ValueTask SetPropertiesAsync(OidcScope scope, ImmutableDictionary<string, JsonElement> properties, CancellationToken cancellationToken) => throw ReadOnly();
    public ValueTask SetResourcesAsync(OidcScope scope, ImmutableArray<string> resources, CancellationToken cancellationToken) => throw ReadOnly();
    public ValueTask CreateAsync(OidcScope scope, CancellationToken cancellationToken) => throw ReadOnly();
    public ValueTask UpdateAsync(OidcScope scope, CancellationToken cancellationToken) => throw ReadOnly();
    public ValueTask DeleteAsync(OidcScope scope, CancellationToken cancellationToken) => throw ReadOnly();

    public ValueTask<long> CountAsync<TResult>(Func<IQueryable<OidcScope>, IQueryable<TResult>> query, CancellationToken cancellationToken) =>
        new(query(ScopeCatalog.All.Select(OidcScope.From).AsQueryable()).LongCount());

    public ValueTask<TResult?> GetAsync<TState, TResult>(Func<IQueryable<OidcScope>, TState, IQueryable<TResult>> query, TState state, CancellationToken cancellationToken) =>
        new(query(ScopeCatalog.All.Select(OidcScope.From).AsQueryable(), state).FirstOrDefault());

    public IAsyncEnumerable<TResult> ListAsync<TState, TResult>(Func<IQueryable<OidcScope>, TState, IQueryable<TResult>> query, TState state, CancellationToken cancellationToken) =>
        query(ScopeCatalog.All.Select(OidcScope.From).AsQueryable(), state).ToAsyncEnumerable();

    private static NotSupportedException ReadOnly() => GrainStoreErrors.ManagedElsewhere("Scopes", Code);
}
