using Hawiya.Contracts.Unicity;

namespace Hawiya.Grains.Tests.Unicity;

[Collection(ClusterCollection.Name)]
public sealed class ParticipationGrainTests(ClusterFixture fixture)
{
    private readonly UnicityKeys _keys = new(new byte[32]);

    [Fact]
    public async Task ParticipateAsync_FirstTime_AnswersFirstAndCountsOnce()
    {
        var (context, participation) = await NewParticipationAsync();

        var answer = await participation.ParticipateAsync(Request(context, "s:login-1"));

        Assert.Equal(ParticipationStatus.First, answer.Status);
        Assert.Equal(ClusterFixture.Time.GetUtcNow(), answer.RecordedAt);
        Assert.Equal(1, await fixture.Grains.GetGrain<IUnicityContextGrain>(context).CountParticipantsAsync());
    }

    [Fact]
    public async Task ParticipateAsync_AnotherRequest_AnswersRepeatAndDoesNotCountAgain()
    {
        var (context, participation) = await NewParticipationAsync();
        await participation.ParticipateAsync(Request(context, "s:login-1"));

        var answer = await participation.ParticipateAsync(Request(context, "s:login-2"));

        Assert.Equal(ParticipationStatus.Repeat, answer.Status);
        Assert.Equal(1, await fixture.Grains.GetGrain<IUnicityContextGrain>(context).CountParticipantsAsync());
    }

    [Fact]
    public async Task ParticipateAsync_SameRequestRetried_AnswersFirstAgain()
    {
        var (context, participation) = await NewParticipationAsync();
        await participation.ParticipateAsync(Request(context, "k:vote-7"));

        var retry = await participation.ParticipateAsync(Request(context, "k:vote-7"));

        Assert.Equal(ParticipationStatus.First, retry.Status);
        Assert.True(await participation.IsRecordedAsync());
    }

    [Fact]
    public async Task ParticipateAsync_ManyConcurrentRequests_ExactlyOneFirst()
    {
        var (context, participation) = await NewParticipationAsync();

        var answers = await Task.WhenAll(Enumerable.Range(0, 16).Select(i => participation.ParticipateAsync(Request(context, "s:login-" + i))));

        Assert.Single(answers, a => a.Status == ParticipationStatus.First);
        Assert.Equal(1, await fixture.Grains.GetGrain<IUnicityContextGrain>(context).CountParticipantsAsync());
    }

    [Fact]
    public async Task CountParticipantsAsync_ManyParticipantsSomeRepeating_CountsEachOnce()
    {
        var clientId = "poll-" + Guid.NewGuid().ToString("N")[..8];
        var context = await RegisterAsync(clientId, "referendum");

        for (var i = 0; i < 30; i++)
        {
            var key = _keys.Participation(clientId, "referendum", "c-citizen-" + (i % 20));
            await fixture.Grains.GetGrain<IParticipationGrain>(key).ParticipateAsync(new ParticipationRequest { ContextKey = context, RequestKey = "s:" + i });
        }

        Assert.Equal(20, await fixture.Grains.GetGrain<IUnicityContextGrain>(context).CountParticipantsAsync());
    }

    private async Task<(string Context, IParticipationGrain Participation)> NewParticipationAsync()
    {
        var clientId = "poll-" + Guid.NewGuid().ToString("N")[..8];
        var context = await RegisterAsync(clientId, "poll-2026");
        return (context, fixture.Grains.GetGrain<IParticipationGrain>(_keys.Participation(clientId, "poll-2026", "c-" + Guid.NewGuid().ToString("N"))));
    }

    private async Task<string> RegisterAsync(string clientId, string contextId)
    {
        var key = UnicityKeys.Context(clientId, contextId);
        var result = await fixture.Grains.GetGrain<IUnicityContextGrain>(key).RegisterAsync(
            new UnicityContextRegistration { ClientId = clientId, ContextId = contextId, Label = "Poll" });
        Assert.True(result.Succeeded, result.Detail);
        return key;
    }

    private static ParticipationRequest Request(string context, string requestKey) =>
        new() { ContextKey = context, RequestKey = requestKey };
}
