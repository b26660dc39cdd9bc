using System.Net;
using Hawiya.LoadTests.Checks;
using Hawiya.LoadTests.Http;
using Hawiya.LoadTests.Scenarios;

namespace Hawiya.LoadTests.Tests.Scenarios;

public sealed class PollVoteApiTests
{
    private static readonly DateTimeOffset Now = new(2026, 5, 4, 3, 2, 1, TimeSpan.Zero);

    [Fact]
    public void ReadParticipation_Answer_ReturnsItsMembers()
    {
        var answer = PollVoteScenario.ReadParticipation(Json(HttpStatusCode.OK, """{"context":"load-poll","status":"repeat","pseudonym":"abc"}"""));

        Assert.Equal(new UnicityAnswer("load-poll", "repeat", "abc"), answer);
    }

    [Fact]
    public void VoteBody_Context_IsTheJsonObjectTheEndpointReads()
    {
        using var body = System.Text.Json.JsonDocument.Parse(PollVoteScenario.VoteBody("load-poll"));

        Assert.Equal("load-poll", body.RootElement.GetProperty("context").GetString());
        Assert.Single(body.RootElement.EnumerateObject());
    }

    [Fact]
    public void ReadParticipation_AnswerWithoutStatus_FailsTheCheck()
    {
        var answer = PollVoteScenario.ReadParticipation(Json(HttpStatusCode.OK, """{"context":"load-poll","pseudonym":"abc"}"""));

        var failure = Assert.Throws<LoadFailure>(() => PollVoteScenario.Check(answer, "load-poll", voted: false, earlierPseudonym: null));
        Assert.True(failure.WrongAnswer);
    }

    [Fact]
    public void ReadParticipation_NotJson_IsAWrongAnswer()
    {
        var failure = Assert.Throws<LoadFailure>(() => PollVoteScenario.ReadParticipation(new HttpReply(HttpStatusCode.OK, null, "text/html", "<p>ok</p>")));

        Assert.True(failure.WrongAnswer);
    }

    [Fact]
    public void ReadParticipation_Refusal_IsAnErrorNamingTheOAuthError()
    {
        var failure = Assert.Throws<LoadFailure>(() => PollVoteScenario.ReadParticipation(
            new HttpReply(HttpStatusCode.Conflict, null, "application/problem+json", """{"error":"context_closed","detail":"closed"}""")));

        Assert.False(failure.WrongAnswer);
        Assert.Contains("http 409 context_closed", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Lease_FirstVote_TakesAVoterWhoNeverVoted()
    {
        var (fresh, voted) = (Voter(1), Voter(2, voted: true));
        var pool = new VoterPool([fresh, voted]);

        Assert.Same(fresh, pool.Lease(revote: false));
        Assert.Same(voted, pool.Lease(revote: false));
    }

    [Fact]
    public void Lease_Revote_PrefersAVoterWhoVoted()
    {
        var (fresh, voted) = (Voter(1), Voter(2, voted: true));
        var pool = new VoterPool([fresh, voted]);

        Assert.Same(voted, pool.Lease(revote: true));
        Assert.Same(fresh, pool.Lease(revote: true));
    }

    [Fact]
    public void Return_VoterWhoVoted_IsLeasedForRevotes()
    {
        var voter = Voter(1);
        var pool = new VoterPool([voter, Voter(2)]);
        Assert.Same(voter, pool.Lease(revote: false));

        voter.Recorded(0, "pseudonym");
        pool.Return(voter);

        Assert.Equal((1, 1), (pool.Fresh, pool.Done));
        Assert.Same(voter, pool.Lease(revote: true));
    }

    [Fact]
    public void Lease_NoIdleVoter_IsDropped()
    {
        var pool = new VoterPool([Voter(1)]);
        pool.Lease(revote: false);

        Assert.Throws<ClientSaturatedException>(() => pool.Lease(revote: true));
    }

    [Fact]
    public void RequireTokensOutliveRun_TokenOutlivesRunAndMargin_Passes()
    {
        PollVoteScenario.RequireTokensOutliveRun(Now.AddMinutes(4), Now, TimeSpan.FromMinutes(3));
    }

    [Fact]
    public void RequireTokensOutliveRun_TokenExpiresBeforeRunEnds_FailsNamingTheRemedy()
    {
        var failure = Assert.Throws<InvalidOperationException>(() => PollVoteScenario.RequireTokensOutliveRun(Now.AddMinutes(4), Now, TimeSpan.FromMinutes(4)));

        Assert.Contains("expire in 240 s", failure.Message, StringComparison.Ordinal);
        Assert.Contains("--duration", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NextVote_SeveralPolls_FirstVotesGoThroughThePollsInOrder()
    {
        var voter = new Voter(1, "token-1", Now.AddMinutes(5), polls: 3);

        Assert.Equal((0, false), voter.NextVote(revote: false, new Random(1)));
        voter.Recorded(0, "p0");
        Assert.Equal((1, false), voter.NextVote(revote: false, new Random(1)));
        voter.MayHaveVoted(1);
        Assert.Equal((2, false), voter.NextVote(revote: false, new Random(1)));
        voter.Recorded(2, "p2");

        Assert.False(voter.HasPollLeft);
        Assert.Equal(("p0", null, "p2"), (voter.Pseudonym(0), voter.Pseudonym(1), voter.Pseudonym(2)));
    }

    [Fact]
    public void NextVote_Revote_RepeatsInAPollAlreadyVotedIn()
    {
        var voter = new Voter(1, "token-1", Now.AddMinutes(5), polls: 4);
        voter.Recorded(0, "p0");
        voter.Recorded(1, "p1");
        var random = new Random(7);

        for (var i = 0; i < 50; i++)
        {
            var (poll, repeat) = voter.NextVote(revote: true, random);
            Assert.True(repeat);
            Assert.InRange(poll, 0, 1);
        }
    }

    [Fact]
    public void NextVote_NeverVotedAskedToRevote_VotesFirst()
    {
        var voter = new Voter(1, "token-1", Now.AddMinutes(5), polls: 2);

        Assert.Equal((0, false), voter.NextVote(revote: true, new Random(1)));
    }

    [Fact]
    public void NextVote_EveryPollVotedIn_RepeatsEvenWhenAFirstVoteIsAsked()
    {
        var voter = new Voter(1, "token-1", Now.AddMinutes(5), polls: 2);
        voter.Recorded(0, "p0");
        voter.Recorded(1, "p1");

        Assert.True(voter.NextVote(revote: false, new Random(1)).Repeat);
    }

    [Fact]
    public void Contexts_Several_AreDistinctValidPollIdentifiers()
    {
        var contexts = PollVoteScenario.Contexts(12);

        Assert.Equal(12, contexts.Distinct().Count());
        Assert.All(contexts, c => Assert.True(Hawiya.Contracts.Unicity.UnicityKeys.IsValidContextId(c), c));
    }

    private static Voter Voter(int citizen, bool voted = false)
    {
        var voter = new Voter(citizen, "token-" + citizen, Now.AddMinutes(5));
        if (voted)
        {
            voter.Recorded(0, "pseudonym-" + citizen);
        }

        return voter;
    }

    private static HttpReply Json(HttpStatusCode status, string body) => new(status, null, "application/json", body);
}
