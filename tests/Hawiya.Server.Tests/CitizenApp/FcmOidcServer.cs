using Hawiya.Gateways.Tests.Fakes;
using Hawiya.Server.Tests.Oidc;
using Microsoft.AspNetCore.Hosting;

namespace Hawiya.Server.Tests.CitizenApp;

/// <summary>The same server, sending pushes through the real FCM client to a loopback FCM.</summary>
public sealed class FcmOidcServer : OidcServer, IAsyncLifetime
{
    private FakeGoogleServer? _google;

    internal FakeGoogleServer Google => _google ?? throw new InvalidOperationException("Not started.");

    async Task IAsyncLifetime.InitializeAsync()
    {
        _google = await FakeGoogleServer.StartAsync(TimeProvider.System);
        await InitializeAsync();
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        if (_google is not null)
        {
            await _google.DisposeAsync();
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Gateways:Push:Provider", "Fcm");
        builder.UseSetting("Gateways:Push:Fcm:BaseUrl", Google.BaseUrl);
        builder.UseSetting("Gateways:Push:Fcm:ProjectId", ServiceAccountFixture.ProjectId);
        builder.UseSetting("Gateways:Push:Fcm:TokenEndpoint", Google.TokenUrl);
        builder.UseSetting("Gateways:Push:Fcm:ServiceAccountJson", ServiceAccountFixture.Json("https://oauth2.googleapis.com/token"));
    }
}

[CollectionDefinition(Name)]
public sealed class FcmCollection : ICollectionFixture<FcmOidcServer>
{
    public const string Name = "oidc-fcm";
}
