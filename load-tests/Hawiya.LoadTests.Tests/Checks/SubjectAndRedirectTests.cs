using Hawiya.LoadTests.Checks;
using Hawiya.LoadTests.Scenarios;

namespace Hawiya.LoadTests.Tests.Checks;

public sealed class SubjectAndRedirectTests
{
    private const string RedirectUri = "http://127.0.0.1:9/callback/lt-sp-0";
    private const string Issuer = "http://127.0.0.1:5080/";

    [Fact]
    public void Observe_SameCitizenSameSubject_IsFine()
    {
        var subjects = new SubjectRegistry();
        subjects.Observe("sector-0", 1, "a");
        subjects.Observe("sector-0", 1, "a");
        subjects.Observe("sector-1", 1, "b");

        Assert.Equal("a", subjects.Known("sector-0", 1));
        Assert.Equal(2, subjects.Count);
    }

    [Fact]
    public void Observe_SubjectChangedForACitizen_IsAWrongAnswer()
    {
        var subjects = new SubjectRegistry();
        subjects.Observe("sector-0", 1, "a");

        Assert.True(Assert.Throws<LoadFailure>(() => subjects.Observe("sector-0", 1, "b")).WrongAnswer);
    }

    [Fact]
    public void Observe_TwoCitizensOneSubject_IsAWrongAnswer()
    {
        var subjects = new SubjectRegistry();
        subjects.Observe("sector-0", 1, "a");

        Assert.Equal("wrong answer: two citizens got the same sub in one sector", Assert.Throws<LoadFailure>(() => subjects.Observe("sector-0", 2, "a")).Kind);
    }

    [Fact]
    public void ReadCode_GoodRedirect_ReturnsTheCode()
    {
        Assert.Equal("c0de", AuthorizationRedirect.ReadCode($"{RedirectUri}?code=c0de&state=s1&iss={Uri.EscapeDataString(Issuer)}", RedirectUri, "s1", Issuer));
    }

    [Theory]
    [InlineData("http://127.0.0.1:9/callback/lt-sp-9?code=c&state=s1", "wrong answer: the authorization redirect does not go to the registered redirect_uri")]
    [InlineData(RedirectUri + "?code=c&state=s2", "wrong answer: state in the redirect differs from the request's")]
    [InlineData(RedirectUri + "?code=c&state=s1&iss=http%3A%2F%2Fevil%2F", "wrong answer: iss in the redirect is not the issuer")]
    [InlineData(RedirectUri + "?state=s1", "wrong answer: the authorization redirect carries no code")]
    public void ReadCode_BadRedirect_IsAWrongAnswer(string location, string kind)
    {
        var failure = Assert.Throws<LoadFailure>(() => AuthorizationRedirect.ReadCode(location, RedirectUri, "s1", Issuer));

        Assert.Equal((kind, true), (failure.Kind, failure.WrongAnswer));
    }

    [Fact]
    public void ReadCode_ErrorRedirect_IsARefusalNotAWrongAnswer()
    {
        var failure = Assert.Throws<LoadFailure>(() => AuthorizationRedirect.ReadCode($"{RedirectUri}?error=access_denied&state=s1", RedirectUri, "s1", Issuer));

        Assert.Equal(("redirect error access_denied", false), (failure.Kind, failure.WrongAnswer));
    }
}
