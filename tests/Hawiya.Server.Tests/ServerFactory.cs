using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Hawiya.Server.Tests;

/// <summary>The whole server (silo + HTTP) on the real PostgreSQL, one per test collection.</summary>
public sealed class ServerFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string OperatorToken = "DEV-ONLY-test-operator-token";

    public string ClusterId { get; } = TestDatabase.NewClusterId();

    public HttpClient OperatorClient()
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", OperatorToken);
        return client;
    }

    public static AuthenticationHeaderValue Basic(string user, string password) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        foreach (var (key, value) in SiloHost.Settings(ClusterId, ClusterId))
        {
            builder.UseSetting(key, value);
        }
    }

    public Task InitializeAsync() => TestDatabase.EnsureSchemaAsync();

    Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();
}

[CollectionDefinition(Name)]
public sealed class ServerCollection : ICollectionFixture<ServerFactory>
{
    public const string Name = "server";
}
