using System.Text;
using Hawiya.LoadTests.Checks;
using Hawiya.LoadTests.Scenarios;

namespace Hawiya.LoadTests.Tests.Scenarios;

public sealed class PollVoteCheckTests
{
    private const string Context = "load-poll";

    [Fact]
    public void Check_FirstVoteAnsweredFirst_Passes()
    {
        PollVoteScenario.Check(new UnicityAnswer(Context, "first", "p1"), Context, voted: false, earlierPseudonym: null);
    }

    [Fact]
    public void Check_RepeatVoteAnsweredRepeatWithTheSamePseudonym_Passes()
    {
        PollVoteScenario.Check(new UnicityAnswer(Context, "repeat", "p1"), Context, voted: true, earlierPseudonym: "p1");
    }

    [Theory]
    [InlineData("repeat", false, null)]
    [InlineData("first", true, "p1")]
    public void Check_WrongStatus_IsAWrongAnswer(string status, bool voted, string? earlier)
    {
        var failure = Assert.Throws<LoadFailure>(() => PollVoteScenario.Check(new UnicityAnswer(Context, status, "p1"), Context, voted, earlier));

        Assert.True(failure.WrongAnswer);
    }

    [Fact]
    public void Check_PseudonymChangedBetweenVotes_IsAWrongAnswer()
    {
        var failure = Assert.Throws<LoadFailure>(() => PollVoteScenario.Check(new UnicityAnswer(Context, "repeat", "p2"), Context, voted: true, earlierPseudonym: "p1"));

        Assert.True(failure.WrongAnswer);
    }

    [Theory]
    [InlineData("first")]
    [InlineData("repeat")]
    public void Check_AfterAFailedLoginOfTheCitizen_AcceptsEither(string status)
    {
        PollVoteScenario.Check(new UnicityAnswer(Context, status, "p1"), Context, voted: true, earlierPseudonym: null);
    }

    [Fact]
    public void Check_OtherContextOrNoStatus_IsAWrongAnswer()
    {
        Assert.Throws<LoadFailure>(() => PollVoteScenario.Check(new UnicityAnswer("other", "first", "p1"), Context, voted: false, earlierPseudonym: null));
        Assert.Throws<LoadFailure>(() => PollVoteScenario.Check(new UnicityAnswer(Context, null, "p1"), Context, voted: false, earlierPseudonym: null));
    }

    [Fact]
    public void Read_IdTokenWithTheClaim_ReturnsItsMembers()
    {
        var answer = PollVoteScenario.Read(Jwt("""{"sub":"x","unicity":{"context":"load-poll","status":"first","pseudonym":"abc"}}"""));

        Assert.Equal(new UnicityAnswer("load-poll", "first", "abc"), answer);
    }

    [Fact]
    public void Read_IdTokenWithoutTheClaim_IsAWrongAnswer()
    {
        Assert.Throws<LoadFailure>(() => PollVoteScenario.Read(Jwt("""{"sub":"x"}""")));
    }

    private static string Jwt(string payload) =>
        Encode("""{"alg":"ES256","typ":"JWT"}""") + "." + Encode(payload) + ".c2ln";

    private static string Encode(string json) => System.Buffers.Text.Base64Url.EncodeToString(Encoding.UTF8.GetBytes(json));
}
