using OpenIddict.Server;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Hawiya.Server.Oidc.Handlers;

/// <summary>
/// OpenIddict's dispatcher with its handlers indexed by event. OpenIddict's own one scans every
/// registered handler descriptor (several hundred) for each event it raises, dozens per request,
/// and resolves each handler and filter from the container as it goes. This one takes the
/// event's handlers from <see cref="ServerHandlerIndex"/>, with singletons already resolved.
/// Same handlers, same order (OpenIddict sorts the descriptors when its options are built), same
/// filters evaluated per request, same stop rules: a request handled or skipped, a validation
/// rejected. Counted in docs/benchmarks.md.
/// </summary>
public sealed partial class IndexedServerDispatcher(
    ServerHandlerIndex index, IServiceProvider provider, ILogger<IndexedServerDispatcher> logger) : IOpenIddictServerDispatcher
{
    public async ValueTask DispatchAsync<TContext>(TContext context) where TContext : BaseContext
    {
        ArgumentNullException.ThrowIfNull(context);
        var request = context as BaseRequestContext;
        var validating = context as BaseValidatingContext;
        foreach (var step in index.For<TContext>())
        {
            var active = true;
            for (var i = 0; active && i < step.Filters.Length; i++)
            {
                var filter = step.Filters[i] ?? Resolve<IOpenIddictServerHandlerFilter<TContext>>(step.Descriptor.FilterTypes[i]);
                active = await filter.IsActiveAsync(context);
            }

            if (!active)
            {
                continue;
            }

            var handler = step.Handler ?? Resolve<IOpenIddictServerHandler<TContext>>(step.Descriptor.ServiceDescriptor.ServiceType);
            await handler.HandleAsync(context);
            var stop = request switch
            {
                { IsRequestHandled: true } => "handled",
                { IsRequestSkipped: true } => "skipped",
                _ => validating is { IsRejected: true } ? "rejected" : null,
            };
            if (stop is not null)
            {
                LogStopped(typeof(TContext).Name, step.Descriptor.ServiceDescriptor.ServiceType.Name, stop);
                return;
            }
        }
    }

    private T Resolve<T>(Type type) where T : class =>
        provider.GetService(type) as T ?? throw new InvalidOperationException($"{type} is not registered as a {typeof(T).Name}.");

    [LoggerMessage(Level = LogLevel.Debug, Message = "OpenIddict event {Event}: {Handler} {Stop} it")]
    private partial void LogStopped(string @event, string handler, string stop);
}
