using Hawiya.Contracts.Unicity;

namespace Hawiya.Grains.Tests.Unicity;

[Collection(ClusterCollection.Name)]
public sealed class UnicityContextGrainTests(ClusterFixture fixture)
{
    [Fact]
    public async Task RegisterAsync_NewContext_IsOpen()
    {
        var (grain, registration) = NewContext();

        var result = await grain.RegisterAsync(registration);

        Assert.True(result.Succeeded);
        Assert.Equal(UnicityContextStatus.Open, result.Snapshot.Status);
        Assert.Equal(ClusterFixture.Time.GetUtcNow(), result.Snapshot.OpenedAt);
    }

    [Fact]
    public async Task RegisterAsync_SameContextAgain_ChangesNothing()
    {
        var (grain, registration) = NewContext();
        await grain.RegisterAsync(registration);

        var again = await grain.RegisterAsync(registration);

        Assert.True(again.Succeeded);
    }

    [Fact]
    public async Task RegisterAsync_ClosedContext_IsRefused()
    {
        var (grain, registration) = NewContext();
        await grain.RegisterAsync(registration);
        await grain.CloseAsync();

        var reopened = await grain.RegisterAsync(registration);

        Assert.Equal(UnicityContextError.ForbiddenTransition, reopened.Error);
        Assert.Equal(UnicityContextStatus.Closed, reopened.Snapshot.Status);
    }

    [Fact]
    public async Task RegisterAsync_RegistrationOfAnotherContext_IsRefused()
    {
        var (grain, registration) = NewContext();

        var result = await grain.RegisterAsync(registration with { ContextId = "another" });

        Assert.Equal(UnicityContextError.InvalidRegistration, result.Error);
        Assert.Equal(UnicityContextStatus.Unknown, (await grain.GetAsync()).Status);
    }

    [Fact]
    public async Task CloseAsync_UnknownContext_IsRefused()
    {
        var (grain, _) = NewContext();

        var result = await grain.CloseAsync();

        Assert.Equal(UnicityContextError.ForbiddenTransition, result.Error);
    }

    [Fact]
    public async Task CloseAsync_OpenContext_IsClosedWithTime()
    {
        var (grain, registration) = NewContext();
        await grain.RegisterAsync(registration);

        var result = await grain.CloseAsync();

        Assert.True(result.Succeeded);
        Assert.Equal(UnicityContextStatus.Closed, result.Snapshot.Status);
        Assert.Equal(ClusterFixture.Time.GetUtcNow(), result.Snapshot.ClosedAt);
    }

    private (IUnicityContextGrain Grain, UnicityContextRegistration Registration) NewContext()
    {
        var clientId = "poll-" + Guid.NewGuid().ToString("N")[..8];
        var registration = new UnicityContextRegistration { ClientId = clientId, ContextId = "vote-1", Label = "Budget participatif" };
        return (fixture.Grains.GetGrain<IUnicityContextGrain>(UnicityKeys.Context(clientId, "vote-1")), registration);
    }
}
