using System.Net;
using Hawiya.LoadTests.Checks;
using Hawiya.LoadTests.Http;

namespace Hawiya.LoadTests.Tests.Checks;

public sealed class LoadFailureTests
{
    [Theory]
    [InlineData(HttpStatusCode.ServiceUnavailable, true)]
    [InlineData(HttpStatusCode.TooManyRequests, true)]
    [InlineData(HttpStatusCode.BadRequest, false)]
    [InlineData(HttpStatusCode.InternalServerError, false)]
    public void Refused_SheddingStatuses_AreMarkedShed(HttpStatusCode status, bool shed)
    {
        var reply = new HttpReply(status, null, "application/json", """{"error":"temporarily_unavailable"}""");

        var failure = LoadFailure.Refused(reply);

        Assert.Equal(shed, failure.Shed);
        Assert.False(failure.WrongAnswer);
    }
}
