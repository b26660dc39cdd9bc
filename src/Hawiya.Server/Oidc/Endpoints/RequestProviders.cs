using Hawiya.Contracts.Common;
using Hawiya.Contracts.Providers;

namespace Hawiya.Server.Oidc.Endpoints;

/// <summary>
/// The provider behind a client_id, read from its grain once per HTTP request. OpenIddict looks
/// the client up several times while it validates one request (client, redirect URI, each
/// permission, PKCE requirement), and the login page then needs the same snapshot again.
/// SECURITY: nothing outlives the request: the next request reads the grain again, so a provider
/// suspended or changed is seen at once, by every silo, as before.
/// </summary>
public sealed class RequestProviders(GrainRef<IServiceProviderGrain> grains, IHttpContextAccessor http)
{
    private static readonly object ItemsKey = new();

    public Task<ProviderSnapshot> GetAsync(string clientId)
    {
        if (http.HttpContext?.Items is not { } items)
        {
            return Read(clientId);
        }

        var read = items[ItemsKey] as Dictionary<string, Task<ProviderSnapshot>>;
        if (read is null)
        {
            items[ItemsKey] = read = new Dictionary<string, Task<ProviderSnapshot>>(StringComparer.Ordinal);
        }

        if (!read.TryGetValue(clientId, out var snapshot) || snapshot.IsFaulted || snapshot.IsCanceled)
        {
            read[clientId] = snapshot = Read(clientId);
        }

        return snapshot;
    }

    private Task<ProviderSnapshot> Read(string clientId) => grains.Get(clientId).GetAsync();
}

public static class RequestProvidersExtensions
{
    public static IServiceCollection AddRequestProviders(this IServiceCollection services) =>
        services.AddHttpContextAccessor().AddSingleton<RequestProviders>();
}
