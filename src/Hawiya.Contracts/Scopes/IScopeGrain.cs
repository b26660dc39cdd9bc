namespace Hawiya.Contracts.Scopes;

/// <summary>How a scope is shown to citizens on the consent page, in each language.</summary>
[GenerateSerializer, Immutable, Alias("hawiya.ScopeDescription")]
public sealed record ScopeDescription
{
    [Id(0)] public required string Name { get; init; }
    [Id(1)] public required string French { get; init; }
    [Id(2)] public required string English { get; init; }
    [Id(3)] public required string Arabic { get; init; }
}

/// <summary>
/// One per OAuth scope (key: the scope name). The claims a scope releases are fixed by the
/// protocol (OIDC Core §5.4) and live in code; what operators may change is how the scope
/// reads on the consent page.
/// </summary>
[Alias("hawiya.IScopeGrain")]
public interface IScopeGrain : IGrainWithStringKey
{
    [Alias("Get")]
    Task<ScopeDescription?> GetAsync();

    [Alias("Set")]
    Task SetAsync(ScopeDescription description);

    /// <summary>Stores <paramref name="description"/> only if the scope has none yet (start-up defaults).</summary>
    [Alias("EnsureDefault")]
    Task<ScopeDescription> EnsureDefaultAsync(ScopeDescription description);
}
