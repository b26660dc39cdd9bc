using System.Net;
using System.Text.RegularExpressions;
using Hawiya.Server.Tests.Oidc;

namespace Hawiya.Server.Tests.Abuse;

/// <summary>One-time codes over HTTP: five guesses per code, however fast and parallel they come.</summary>
[Collection(AbuseCollection.Name)]
public sealed partial class CodeGuessingTests(AbuseServer server)
{
    [Fact]
    public async Task CodePage_HundredParallelGuesses_FiveEvaluatedAndTheRightCodeAfterwardsFails()
    {
        var citizen = await server.NewCitizenAsync();
        using var browser = new Browser(server.Issuer, TrustedProxy.NewClientIp());
        await browser.OpenAsync(new AuthorizationRequest(OidcServer.ClientId).Url());
        await browser.PostStepAsync("identify", ("national_number", citizen.Number));
        Assert.True((await browser.PostStepAsync("method", ("method", "Sms"))).IsPage("code"));
        var right = SixDigits().Match(server.LatestSms(citizen.Phone) ?? string.Empty).Value;
        Assert.NotEmpty(right);
        var wrong = Enumerable.Range(1, 100).Select(i => ((int.Parse(right) + i) % 1_000_000).ToString("D6"));

        var pages = await Task.WhenAll(wrong.Select(code => browser.PostStepAsync("code", ("code", code))));

        Assert.All(pages, p => Assert.Equal(HttpStatusCode.OK, p.Status));
        // An evaluated guess gets the code page back ("wrong code"); the rest get the methods page.
        Assert.Equal(5, pages.Count(p => p.IsPage("code")));
        Assert.Equal(95, pages.Count(p => p.IsPage("method") || p.IsPage("restart")));
        var sixth = await browser.PostStepAsync("code", ("code", right));
        Assert.Null(sixth.Location);
        Assert.False(sixth.IsPage("consent"));
    }

    [GeneratedRegex("[0-9]{6}")]
    private static partial Regex SixDigits();
}
