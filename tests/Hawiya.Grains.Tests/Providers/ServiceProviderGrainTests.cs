using Hawiya.Contracts.Common;
using Hawiya.Contracts.Providers;

namespace Hawiya.Grains.Tests.Providers;

[Collection(ClusterCollection.Name)]
public sealed class ServiceProviderGrainTests(ClusterFixture fixture)
{
    private static readonly string SecretHash = new('a', 64);

    private IServiceProviderGrain NewProvider() =>
        fixture.Grains.GetGrain<IServiceProviderGrain>("sp-" + Guid.NewGuid().ToString("N"));

    private static ProviderRegistration Registration() => new()
    {
        DisplayName = "Direction des impôts",
        RedirectUris = ["https://impots.example/callback"],
        AllowedScopes = ["openid", "profile"],
        AllowedMethods = [AuthMethod.Sms, AuthMethod.Password],
        Sector = "impots.example",
        ClientSecretHash = SecretHash,
    };

    [Fact]
    public async Task RegisterAsync_ValidRegistration_IsRequestedNotAccredited()
    {
        var provider = NewProvider();

        var result = await provider.RegisterAsync(Registration());

        Assert.True(result.Succeeded);
        Assert.Equal(ProviderStatus.Requested, result.Snapshot.Status);
        Assert.False(result.Snapshot.IsAccredited);
    }

    [Fact]
    public async Task AccreditSuspendReinstate_FollowTheLifeCycle()
    {
        var provider = NewProvider();
        await provider.RegisterAsync(Registration());

        Assert.Equal(ProviderStatus.Accredited, (await provider.AccreditAsync()).Snapshot.Status);
        var suspended = await provider.SuspendAsync("quota abuse");
        Assert.Equal(ProviderStatus.Suspended, suspended.Snapshot.Status);
        Assert.Equal("quota abuse", suspended.Snapshot.SuspensionReason);
        var reinstated = await provider.ReinstateAsync();
        Assert.Equal(ProviderStatus.Accredited, reinstated.Snapshot.Status);
        Assert.Null(reinstated.Snapshot.SuspensionReason);
    }

    [Fact]
    public async Task AccreditAsync_NeverRegistered_IsForbidden()
    {
        var result = await NewProvider().AccreditAsync();

        Assert.Equal(ProviderError.ForbiddenTransition, result.Error);
        Assert.Equal(ProviderStatus.Unknown, result.Snapshot.Status);
    }

    [Fact]
    public async Task SuspendAsync_OnlyRequested_IsForbiddenAndChangesNothing()
    {
        var provider = NewProvider();
        await provider.RegisterAsync(Registration());

        var result = await provider.SuspendAsync("why");

        Assert.Equal(ProviderError.ForbiddenTransition, result.Error);
        Assert.Equal(ProviderStatus.Requested, (await provider.GetAsync()).Status);
    }

    [Fact]
    public async Task RegisterAsync_WhileAccredited_IsForbidden()
    {
        var provider = NewProvider();
        await provider.RegisterAsync(Registration());
        await provider.AccreditAsync();

        var result = await provider.RegisterAsync(Registration() with { DisplayName = "Other" });

        Assert.Equal(ProviderError.ForbiddenTransition, result.Error);
        Assert.Equal("Direction des impôts", result.Snapshot.Registration!.DisplayName);
    }

    public static TheoryData<string, ProviderRegistration> InvalidRegistrations() => new()
    {
        { "no redirect", Registration() with { RedirectUris = [] } },
        { "relative redirect", Registration() with { RedirectUris = ["/callback"] } },
        { "fragment", Registration() with { RedirectUris = ["https://a.example/cb#x"] } },
        { "plain http", Registration() with { RedirectUris = ["http://a.example/cb"] } },
        { "no scopes", Registration() with { AllowedScopes = [] } },
        { "no sector", Registration() with { Sector = " " } },
        { "bad secret hash", Registration() with { ClientSecretHash = "secret" } },
        { "jwt without jwks", Registration() with { ClientAuthMethod = ClientAuthMethod.PrivateKeyJwt } },
        { "jwks without keys", Registration() with { ClientAuthMethod = ClientAuthMethod.PrivateKeyJwt, Jwks = "{\"keys\":[]}" } },
        { "bad quota", Registration() with { Quota = new ProviderQuota { RequestsPerSecond = 0, Burst = 1 } } },
    };

    [Theory]
    [MemberData(nameof(InvalidRegistrations))]
    public async Task RegisterAsync_InvalidRegistration_IsRefusedWithAReason(string why, ProviderRegistration registration)
    {
        var provider = NewProvider();

        var result = await provider.RegisterAsync(registration);

        Assert.True(result.Error == ProviderError.InvalidRegistration, why);
        Assert.False(string.IsNullOrEmpty(result.Detail));
        Assert.Equal(ProviderStatus.Unknown, (await provider.GetAsync()).Status);
    }

    [Theory]
    [InlineData("ABC-upper")]
    [InlineData("0abc123")]
    [InlineData("x")]
    [InlineData("space id")]
    public async Task RegisterAsync_ClientIdThatCouldCollideInStorage_IsRefused(string clientId)
    {
        var provider = fixture.Grains.GetGrain<IServiceProviderGrain>(clientId);

        var result = await provider.RegisterAsync(Registration());

        Assert.Equal(ProviderError.InvalidRegistration, result.Error);
        Assert.Equal(ProviderStatus.Unknown, (await provider.GetAsync()).Status);
    }

    [Fact]
    public async Task RegisterAsync_LoopbackHttpRedirect_IsAllowed()
    {
        var result = await NewProvider().RegisterAsync(Registration() with { RedirectUris = ["http://127.0.0.1:5090/cb"] });

        Assert.True(result.Succeeded, result.Detail);
    }

    [Fact]
    public async Task UpdateRegistrationAsync_Accredited_AmendsAndStaysAccredited()
    {
        var provider = NewProvider();
        await provider.RegisterAsync(Registration());
        await provider.AccreditAsync();

        var result = await provider.UpdateRegistrationAsync(Registration() with { RedirectUris = ["https://impots.example/new"] });

        Assert.True(result.Succeeded);
        Assert.Equal(ProviderStatus.Accredited, result.Snapshot.Status);
        Assert.Equal(["https://impots.example/new"], result.Snapshot.Registration!.RedirectUris);
    }

    [Fact]
    public async Task UpdateRegistrationAsync_InvalidRegistration_ChangesNothing()
    {
        var provider = NewProvider();
        await provider.RegisterAsync(Registration());

        var result = await provider.UpdateRegistrationAsync(Registration() with { RedirectUris = ["http://evil.example/cb"] });

        Assert.Equal(ProviderError.InvalidRegistration, result.Error);
        Assert.Equal(["https://impots.example/callback"], (await provider.GetAsync()).Registration!.RedirectUris);
    }
}
