using Hawiya.Contracts.Common;
using Hawiya.Contracts.Providers;

namespace Hawiya.Grains.Tests.Providers;

/// <summary>A public client (the citizen's app, RFC 8252) is registered without a secret, never with one.</summary>
[Collection(ClusterCollection.Name)]
public sealed class PublicClientTests(ClusterFixture fixture)
{
    private static ProviderRegistration PublicClient() => new()
    {
        DisplayName = "Hawiya",
        RedirectUris = ["http://127.0.0.1/app-callback"],
        AllowedScopes = ["openid"],
        AllowedMethods = [AuthMethod.Password, AuthMethod.Push],
        Sector = "app.example",
        ClientAuthMethod = ClientAuthMethod.None,
    };

    [Fact]
    public async Task RegisterAsync_PublicClientWithoutSecret_Accepted()
    {
        var result = await fixture.Grains.GetGrain<IServiceProviderGrain>("app-" + Guid.NewGuid().ToString("N")).RegisterAsync(PublicClient());

        Assert.True(result.Succeeded, result.Detail);
    }

    [Fact]
    public async Task RegisterAsync_PublicClientWithASecret_InvalidRegistration()
    {
        var withSecret = PublicClient() with { ClientSecretHash = new string('a', 64) };

        var result = await fixture.Grains.GetGrain<IServiceProviderGrain>("app-" + Guid.NewGuid().ToString("N")).RegisterAsync(withSecret);

        Assert.Equal(ProviderError.InvalidRegistration, result.Error);
    }
}
