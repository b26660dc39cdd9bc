using System.Net;
using Hawiya.CitizenApp;
using Hawiya.LoadTests.Checks;
using Hawiya.LoadTests.Http;
using Hawiya.LoadTests.Scenarios;

namespace Hawiya.LoadTests.Tests.Scenarios;

/// <summary>The pieces of the push-login scenario that need no server: the page, the pushes, the answers, the expected claims.</summary>
public sealed class PushLoginPartsTests
{
    private static readonly DateTimeOffset AskedAt = new(2026, 11, 23, 8, 0, 0, TimeSpan.Zero);

    // Shaped like LoginPages.Device for a push: meta refresh, the number, the "I approved" form and the other-method link.
    private const string DevicePage =
        "<!doctype html><html lang=\"fr\"><body><h1>Hawiya</h1>" +
        "<meta http-equiv=\"refresh\" content=\"3;url=/connect/authorize?client_id=lt-sp-0&amp;request_uri=urn%3Aietf%3Aparams%3Aoauth%3Arequest_uri%3Ax\">" +
        "<p>Ouvrez l&#39;application et tapez ce nombre</p>" +
        "<p class=\"number\" style=\"font-size:3rem;font-weight:bold;text-align:center;letter-spacing:.3rem\" data-number=\"47\">47</p>" +
        "<form method=\"post\" action=\"/connect/authorize\"><input type=\"hidden\" name=\"client_id\" value=\"lt-sp-0\"><input type=\"hidden\" name=\"request_uri\" value=\"urn:ietf:params:oauth:request_uri:x\"><input type=\"hidden\" name=\"step\" value=\"device_check\"><button>J&#39;ai approuv&#233;</button></form>" +
        "<form method=\"post\" action=\"/connect/authorize\"><input type=\"hidden\" name=\"client_id\" value=\"lt-sp-0\"><input type=\"hidden\" name=\"request_uri\" value=\"urn:ietf:params:oauth:request_uri:x\"><input type=\"hidden\" name=\"step\" value=\"device_cancel\"><button class=\"link\">Autre m&#233;thode</button></form>" +
        "</body></html>";

    [Fact]
    public void NumberOn_PushPage_ReadsTheNumberShown()
    {
        Assert.Equal("47", LoginFlow.NumberOn(DevicePage));
        Assert.Equal("/connect/authorize", HtmlForms.Find(HtmlForms.Parse(DevicePage), "device_check")!.Action);
    }

    [Fact]
    public void NumberOn_FacePage_IsNull()
    {
        Assert.Null(LoginFlow.NumberOn(DevicePage.Replace(" data-number=\"47\"", string.Empty, StringComparison.Ordinal)));
    }

    [Fact]
    public void NewestApproval_PushesNewestFirst_TakesTheApprovalSentSinceAsked()
    {
        PushNotification[] pushes =
        [
            new(PushNotification.FaceCheck, "s3", "c3", "P", AskedAt.AddSeconds(2)),
            new(PushNotification.Approval, "s2", "c2", "P", AskedAt.AddSeconds(1)),
            new(PushNotification.Approval, "s1", "c1", "P", AskedAt.AddSeconds(-5)),
        ];

        Assert.Equal("c2", LoginFlow.NewestApproval(pushes, AskedAt)!.ChallengeId);
        Assert.Null(LoginFlow.NewestApproval(pushes[2..], AskedAt));
    }

    [Fact]
    public void NewestApproval_PushWithoutChallenge_IsAWrongAnswer()
    {
        var failure = Assert.Throws<LoadFailure>(() => LoginFlow.NewestApproval([new(PushNotification.Approval, "s1", string.Empty, "P", AskedAt)], AskedAt));

        Assert.True(failure.WrongAnswer);
    }

    [Theory]
    [InlineData(HttpStatusCode.UnprocessableEntity, "wrong_number", "wrong answer: the server refused the number its page showed", true)]
    [InlineData(HttpStatusCode.Unauthorized, "invalid_signature", "wrong answer: the server refused the enrolled device's signature", true)]
    [InlineData(HttpStatusCode.Conflict, "challenge_closed", "http 409 challenge_closed", false)]
    [InlineData(HttpStatusCode.ServiceUnavailable, null, "http 503", false)]
    public void ApprovalFailure_Refusal_KindAndWhetherWrong(HttpStatusCode status, string? error, string kind, bool wrong)
    {
        var failure = LoginFlow.ApprovalFailure(new AppResponse(status, error, "detail never counted"));

        Assert.Equal((kind, wrong), (failure.Kind, failure.WrongAnswer));
    }

    [Fact]
    public void Expected_PushLogin_IsEidas2WithSwkAndUser()
    {
        Assert.Equal("eidas2", LoginFlow.ExpectedAcr(LoginMethod.Push));
        Assert.Equal(["swk", "user"], LoginFlow.ExpectedAmr(LoginMethod.Push).Order());
        Assert.Equal("eidas1", LoginFlow.ExpectedAcr(LoginMethod.Sms));
        Assert.Equal(["otp", "sms"], LoginFlow.ExpectedAmr(LoginMethod.Sms).Order());
        Assert.Equal(["pwd"], LoginFlow.ExpectedAmr(LoginMethod.Password));
    }
}
