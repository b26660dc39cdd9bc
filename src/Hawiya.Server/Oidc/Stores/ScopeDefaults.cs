using Hawiya.Contracts.Scopes;
using Hawiya.Server.Oidc.Release;

namespace Hawiya.Server.Oidc.Stores;

/// <summary>Gives each protocol scope its built-in description at start, unless operators already set one.</summary>
internal sealed partial class ScopeDefaults(IGrainFactory grains, ILogger<ScopeDefaults> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await Task.WhenAll(ScopeCatalog.All.Select(s => grains.GetGrain<IScopeGrain>(s.Name).EnsureDefaultAsync(ScopeCatalog.DefaultDescription(s.Name))));
        }
        catch (Exception e) when (e is OrleansException or TimeoutException)
        {
            // Not fatal: until a scope grain holds a description, the built-in one is shown.
            LogNotSeeded(e.GetType().Name);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Scope descriptions were not stored at start ({Error}); built-in ones are used")]
    private partial void LogNotSeeded(string error);
}
