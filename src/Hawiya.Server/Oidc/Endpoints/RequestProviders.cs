using Hawiya.Contracts.Providers;

namespace Hawiya.Server.Oidc.Endpoints;

/// <summary>
/// The provider behind a client_id, one snapshot per HTTP request. OpenIddict looks the client up
/// several times while it validates one request (client, redirect URI, each permission, PKCE
/// requirement), and the login page then needs the same snapshot again: all of them see the one
/// taken when the request first asked, from this silo's copy (<see cref="ProviderSnapshots"/>:
/// a change is seen at once on the silo that made it, within a second on the others).
/// </summary>
public sealed class RequestProviders(ProviderSnapshots snapshots, IHttpContextAccessor http)
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

    private Task<ProviderSnapshot> Read(string clientId) => snapshots.GetAsync(clientId);
}

public static class RequestProvidersExtensions
{
    public static IServiceCollection AddRequestProviders(this IServiceCollection services) =>
        services.AddHttpContextAccessor()
            .AddSingleton<ProviderSnapshots.Copies>()
            .AddSingleton<ProviderSnapshots>()
            .AddSingleton<IOutgoingGrainCallFilter, ProviderSnapshots.ForgetOnChange>()
            .AddSingleton<RequestProviders>();
}
