using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using OpenIddict.Server;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Hawiya.Server.Oidc.Handlers;

/// <summary>
/// The server's handlers per event type, in OpenIddict's order, built on first use and rebuilt if
/// OpenIddict's descriptor list is replaced or grows (its options are fixed once the host runs).
/// A handler or filter registered as a singleton is resolved here once; any other is left to the
/// request's scope, as OpenIddict does.
/// </summary>
public sealed class ServerHandlerIndex(
    IOptionsMonitor<OpenIddictServerOptions> options, IServiceProvider root, IReadOnlySet<Type> singletons)
{
    private Snapshot _snapshot = new([], 0, new());

    /// <summary>The types whose last registration in <paramref name="services"/> is an unkeyed singleton.</summary>
    public static IReadOnlySet<Type> Singletons(IServiceCollection services)
    {
        var last = new Dictionary<Type, ServiceLifetime>();
        foreach (var service in services.Where(s => !s.IsKeyedService))
        {
            last[service.ServiceType] = service.Lifetime;
        }

        return last.Where(p => p.Value == ServiceLifetime.Singleton).Select(p => p.Key).ToHashSet();
    }

    public Step<TContext>[] For<TContext>() where TContext : BaseContext
    {
        var all = options.CurrentValue.Handlers;
        var snapshot = _snapshot;
        if (!ReferenceEquals(snapshot.Source, all) || snapshot.Count != all.Count)
        {
            // A race builds two snapshots of the same list: harmless, the last one stays.
            snapshot = _snapshot = new Snapshot(all, all.Count, new());
        }

        return (Step<TContext>[])snapshot.ByContext.GetOrAdd(typeof(TContext), static (_, state) => state.index.Build<TContext>(state.all), (index: this, all));
    }

    private Step<TContext>[] Build<TContext>(List<OpenIddictServerHandlerDescriptor> all) where TContext : BaseContext =>
    [
        .. all.Where(d => d.ContextType == typeof(TContext)).Select(d => new Step<TContext>(
            d,
            d.ServiceDescriptor.ImplementationInstance as IOpenIddictServerHandler<TContext> ?? Singleton<IOpenIddictServerHandler<TContext>>(d.ServiceDescriptor.ServiceType),
            [.. d.FilterTypes.Select(Singleton<IOpenIddictServerHandlerFilter<TContext>>)])),
    ];

    private T? Singleton<T>(Type type) where T : class => singletons.Contains(type) ? root.GetService(type) as T : null;

    private sealed record Snapshot(List<OpenIddictServerHandlerDescriptor> Source, int Count, ConcurrentDictionary<Type, object> ByContext);
}

/// <summary>One handler of an event: its descriptor, and the handler and filters already resolved when they are singletons (null otherwise).</summary>
public sealed record Step<TContext>(
    OpenIddictServerHandlerDescriptor Descriptor,
    IOpenIddictServerHandler<TContext>? Handler,
    IOpenIddictServerHandlerFilter<TContext>?[] Filters) where TContext : BaseContext;
