using Hawiya.Server.Oidc.Handlers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Hawiya.Server.Tests.Oidc.Handlers;

/// <summary>The indexed dispatcher runs what OpenIddict's own would run, in the same order, and stops where it would.</summary>
public sealed class IndexedServerDispatcherTests
{
    [Fact]
    public async Task DispatchAsync_FilteredThenRejected_RunsTheActiveHandlersInOrderAndStopsAtTheRejection()
    {
        using var services = Services(out var ran);
        using var scope = services.CreateScope();
        var dispatcher = scope.ServiceProvider.GetRequiredService<IOpenIddictServerDispatcher>();
        var context = Context(services);

        await dispatcher.DispatchAsync(context);

        // Order 10 runs, 20 is filtered out, 30 rejects, 40 never runs.
        Assert.Equal(["first", "rejecting"], ran);
        Assert.True(context.IsRejected);
    }

    [Fact]
    public async Task DispatchAsync_ScopedHandler_ResolvedFromEachRequestsScope()
    {
        using var services = Services(out _);
        var seen = new List<RejectingHandler>();
        for (var i = 0; i < 2; i++)
        {
            using var scope = services.CreateScope();
            await scope.ServiceProvider.GetRequiredService<IOpenIddictServerDispatcher>().DispatchAsync(Context(services));
            seen.Add(scope.ServiceProvider.GetRequiredService<RejectingHandler>());
        }

        Assert.NotSame(seen[0], seen[1]);
        Assert.All(seen, handler => Assert.Equal(1, handler.Calls));
    }

    [Fact]
    public void For_AContextType_OnlyItsHandlersInOpenIddictsOrder()
    {
        using var services = Services(out _);
        var index = services.GetRequiredService<ServerHandlerIndex>();

        var steps = index.For<ProcessRequestContext>();

        Assert.Equal([10, 20, 30, 40], steps.Select(s => s.Descriptor.Order));
        // Singletons are resolved once, here; the scoped handler is left to the request.
        Assert.NotNull(steps[0].Handler);
        Assert.Null(steps[2].Handler);
        Assert.Empty(index.For<ProcessErrorContext>());
    }

    private static ServiceProvider Services(out List<string> ran)
    {
        var log = new List<string>();
        ran = log;
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(log);
        services.AddSingleton<RecordingHandler>();
        services.AddSingleton<NeverActive>();
        services.AddScoped<RejectingHandler>();
        services.AddOptions<OpenIddictServerOptions>().Configure(o =>
        {
            // Only this test's handlers (the options start with OpenIddict's own). Listed out of
            // order, as registrations are; OpenIddict sorts them, and so does this test.
            o.Handlers.Clear();
            o.Handlers.AddRange(new[]
            {
                Descriptor<RejectingHandler>(30, scoped: true),
                Descriptor<RecordingHandler>(40),
                Descriptor<RecordingHandler>(10),
                OpenIddictServerHandlerDescriptor.CreateBuilder<ProcessRequestContext>()
                    .UseSingletonHandler<RecordingHandler>().AddFilter<NeverActive>().SetOrder(20).Build(),
            }.OrderBy(d => d.Order));
        });
        services.AddSingleton(sp => new ServerHandlerIndex(
            sp.GetRequiredService<IOptionsMonitor<OpenIddictServerOptions>>(), sp, ServerHandlerIndex.Singletons(services)));
        services.AddScoped<IOpenIddictServerDispatcher, IndexedServerDispatcher>();
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
    }

    private static OpenIddictServerHandlerDescriptor Descriptor<THandler>(int order, bool scoped = false)
        where THandler : class, IOpenIddictServerHandler<ProcessRequestContext>
    {
        var builder = OpenIddictServerHandlerDescriptor.CreateBuilder<ProcessRequestContext>().SetOrder(order);
        return (scoped ? builder.UseScopedHandler<THandler>() : builder.UseSingletonHandler<THandler>()).Build();
    }

    private static ProcessRequestContext Context(IServiceProvider services) => new(new OpenIddictServerTransaction
    {
        Options = services.GetRequiredService<IOptions<OpenIddictServerOptions>>().Value,
        Logger = NullLogger.Instance,
        Request = new OpenIddictRequest(),
    });

    public sealed class RecordingHandler(List<string> ran) : IOpenIddictServerHandler<ProcessRequestContext>
    {
        private int _calls;

        public ValueTask HandleAsync(ProcessRequestContext context)
        {
            ran.Add(_calls++ == 0 ? "first" : "again");
            return ValueTask.CompletedTask;
        }
    }

    public sealed class RejectingHandler(List<string> ran) : IOpenIddictServerHandler<ProcessRequestContext>
    {
        public int Calls { get; private set; }

        public ValueTask HandleAsync(ProcessRequestContext context)
        {
            Calls++;
            ran.Add("rejecting");
            context.Reject(OpenIddictConstants.Errors.InvalidRequest, "refused by the test");
            return ValueTask.CompletedTask;
        }
    }

    public sealed class NeverActive : IOpenIddictServerHandlerFilter<ProcessRequestContext>
    {
        public ValueTask<bool> IsActiveAsync(ProcessRequestContext context) => ValueTask.FromResult(false);
    }
}
