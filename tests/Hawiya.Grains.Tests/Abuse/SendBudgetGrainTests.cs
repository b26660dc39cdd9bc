using Hawiya.Contracts.Abuse;

namespace Hawiya.Grains.Tests.Abuse;

[Collection(ClusterCollection.Name)]
public sealed class SendBudgetGrainTests(ClusterFixture fixture)
{
    private ISendBudgetGrain NewBudget() => fixture.Grains.GetGrain<ISendBudgetGrain>("test:" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task TakeAsync_BeyondTheLimit_GrantsWhatIsLeftThenNothing()
    {
        var budget = NewBudget();

        var first = await budget.TakeAsync(3, 5, TimeSpan.FromHours(1));
        var second = await budget.TakeAsync(3, 5, TimeSpan.FromHours(1));
        var third = await budget.TakeAsync(1, 5, TimeSpan.FromHours(1));

        Assert.Equal([3, 2, 0], new[] { first.Granted, second.Granted, third.Granted });
        Assert.Equal(first.WindowEndsAt, third.WindowEndsAt);
    }

    [Fact]
    public async Task TakeAsync_AfterTheWindowCloses_GrantsAFullBudgetAgain()
    {
        var budget = NewBudget();
        Assert.Equal(5, (await budget.TakeAsync(5, 5, TimeSpan.FromMinutes(10))).Granted);
        Assert.Equal(0, (await budget.TakeAsync(1, 5, TimeSpan.FromMinutes(10))).Granted);

        ClusterFixture.Time.Advance(TimeSpan.FromMinutes(10));

        Assert.Equal(5, (await budget.TakeAsync(5, 5, TimeSpan.FromMinutes(10))).Granted);
    }

    [Fact]
    public async Task TakeAsync_HundredParallelTakes_GrantExactlyTheLimit()
    {
        var budget = NewBudget();

        var grants = await Task.WhenAll(Enumerable.Range(0, 100).Select(_ => budget.TakeAsync(1, 7, TimeSpan.FromHours(1))));

        Assert.Equal(7, grants.Sum(g => g.Granted));
    }
}
