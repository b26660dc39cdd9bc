using System.Text;
using Hawiya.Server.Traffic;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace Hawiya.Server.Tests.Traffic;

/// <summary>Which provider a request names, read without verifying anything.</summary>
public sealed class RequestClassifierTests
{
    [Fact]
    public async Task ClassifyAsync_BearerTokenWithClientId_NamesThatClient()
    {
        var request = Request("/unicity/participations", "Bearer " + Jwt("""{"iss":"http://idp/","client_id":"tax-portal","sub":"x"}"""));

        var result = await RequestClassifier.ClassifyAsync(request);

        Assert.Equal("tax-portal", result.ClientId);
    }

    [Fact]
    public async Task ClassifyAsync_BearerTokenWithoutClientId_NamesNoOne()
    {
        var request = Request("/unicity/participations", "Bearer " + Jwt("""{"iss":"tax-portal","nested":{"client_id":"other"}}"""));

        var result = await RequestClassifier.ClassifyAsync(request);

        Assert.Null(result.ClientId);
    }

    [Theory]
    [InlineData("Bearer not-a-token")]
    [InlineData("Bearer a.!!!.c")]
    [InlineData("Bearer e30")]
    public async Task ClassifyAsync_MalformedBearer_NamesNoOne(string header)
    {
        var result = await RequestClassifier.ClassifyAsync(Request("/unicity/participations", header));

        Assert.Null(result.ClientId);
    }

    [Fact]
    public async Task ClassifyAsync_ClientAssertion_NamesItsIssuer()
    {
        var request = Request("/connect/token", null);
        request.Method = "POST";
        request.ContentType = "application/x-www-form-urlencoded";
        var body = "grant_type=client_credentials&client_assertion_type=urn%3Aietf%3Aparams%3Aoauth%3Aclient-assertion-type%3Ajwt-bearer&client_assertion="
            + Jwt("""{"iss":"jwt-portal","sub":"jwt-portal","aud":"http://idp/"}""");
        request.Body = new MemoryStream(Encoding.ASCII.GetBytes(body));

        var result = await RequestClassifier.ClassifyAsync(request);

        Assert.Equal("jwt-portal", result.ClientId);
    }

    private static HttpRequest Request(string path, string? authorization)
    {
        var request = new DefaultHttpContext().Request;
        request.Method = "GET";
        request.Path = path;
        if (authorization is not null)
        {
            request.Headers.Authorization = new StringValues(authorization);
        }

        return request;
    }

    private static string Jwt(string payload) =>
        System.Buffers.Text.Base64Url.EncodeToString("""{"alg":"ES256","typ":"JWT"}"""u8)
        + "." + System.Buffers.Text.Base64Url.EncodeToString(Encoding.UTF8.GetBytes(payload)) + ".c2ln";
}
