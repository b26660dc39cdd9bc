using Hawiya.Server.Oidc.Handlers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OpenIddict.Server;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Hawiya.Server.Tests.Oidc.Handlers;

/// <summary>On the real server: the dispatcher is the indexed one, and its index is OpenIddict's list, event by event.</summary>
[Collection(OidcCollection.Name)]
public sealed class ServerHandlerIndexTests(OidcServer server)
{
    [Fact]
    public void For_EveryEventTheServerHandles_TheSameDescriptorsInTheSameOrderAsOpenIddictsList()
    {
        var all = server.Services.GetRequiredService<IOptions<OpenIddictServerOptions>>().Value.Handlers;
        var index = server.Services.GetRequiredService<ServerHandlerIndex>();
        var forContext = typeof(ServerHandlerIndex).GetMethod(nameof(ServerHandlerIndex.For))!;

        var events = all.Select(d => d.ContextType).Distinct().ToList();
        Assert.True(events.Count > 20, $"only {events.Count} event types");
        foreach (var type in events)
        {
            var steps = (Array)forContext.MakeGenericMethod(type).Invoke(index, null)!;
            var indexed = steps.Cast<object>().Select(s => (OpenIddictServerHandlerDescriptor)s.GetType().GetProperty("Descriptor")!.GetValue(s)!);
            Assert.Equal(all.Where(d => d.ContextType == type), indexed);
        }
    }

    [Fact]
    public void Dispatcher_OfARequestScope_IsTheIndexedOne()
    {
        using var scope = server.Services.CreateScope();

        Assert.IsType<IndexedServerDispatcher>(scope.ServiceProvider.GetRequiredService<IOpenIddictServerDispatcher>());
        Assert.NotEmpty(server.Services.GetRequiredService<ServerHandlerIndex>().For<ProcessSignInContext>());
    }
}
