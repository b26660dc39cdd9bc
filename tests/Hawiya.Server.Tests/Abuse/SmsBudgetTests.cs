using System.Net;
using Hawiya.Contracts.Common;
using Hawiya.Gateways;
using Hawiya.Gateways.Sms;
using Hawiya.Gateways.Tests.Fakes;
using Hawiya.Server.Abuse;
using Hawiya.Server.Pages;
using Hawiya.Server.Tests.Oidc;
using Microsoft.Extensions.DependencyInjection;

namespace Hawiya.Server.Tests.Abuse;

/// <summary>SMS pumping: budgets per number, prefix, IP, provider and country, checked before Twilio is called.</summary>
[Collection(AbuseCollection.Name)]
public sealed class SmsBudgetTests(AbuseServer server)
{
    private static readonly string SendFailed = WebUtility.HtmlEncode(Texts.French["send_failed"]);

    private async Task<BrowserStop> AskForSmsAsync(string nationalNumber, string clientIp)
    {
        using var browser = new Browser(server.Issuer, clientIp);
        await browser.OpenAsync(new AuthorizationRequest(OidcServer.ClientId).Url());
        await browser.PostStepAsync("identify", ("national_number", nationalNumber));
        return await browser.PostStepAsync("method", ("method", "Sms"));
    }

    /// <summary>A thousand requests, 64 in flight at a time, as a botnet's bursts would come.</summary>
    private static async Task<bool[]> AttackAsync(Func<int, Task<bool>> request)
    {
        var admitted = new bool[1000];
        await Parallel.ForAsync(0, admitted.Length, new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (i, _) => admitted[i] = await request(i));
        return admitted;
    }

    private int SentTo(string phone) => server.Twilio.Accepted.Count(m => m["To"] == phone);

    [Fact]
    public async Task LoginPage_SixthCodeForOneNumberInAnHour_OffersAnotherMethodAndTwilioGetsFive()
    {
        var citizen = await server.NewCitizenAsync();
        var ip = TrustedProxy.NewClientIp();
        for (var i = 0; i < 5; i++)
        {
            Assert.True((await AskForSmsAsync(citizen.Number, ip)).IsPage("code"));
        }

        var sixth = await AskForSmsAsync(citizen.Number, ip);

        Assert.Equal(HttpStatusCode.OK, sixth.Status);
        Assert.True(sixth.IsPage("method"));
        Assert.Contains(SendFailed, sixth.Html, StringComparison.Ordinal);
        Assert.True(SpinWait.SpinUntil(() => SentTo(citizen.Phone) == 5, TimeSpan.FromSeconds(10)));
        Assert.Equal(5, SentTo(citizen.Phone));
        // Logged with a pseudonym of the number, never the number itself.
        var refusals = server.Logs.Lines.Where(l => l.Contains("refused by per_recipient", StringComparison.Ordinal)).ToArray();
        Assert.NotEmpty(refusals);
        Assert.DoesNotContain(server.Logs.Lines, l => l.Contains(citizen.Phone, StringComparison.Ordinal) || l.Contains(citizen.Phone[1..], StringComparison.Ordinal));
    }

    [Fact]
    public async Task LoginPage_UnknownCitizen_RefusedAfterAsManyRequestsAsAKnownOne()
    {
        var unknown = "Z" + Guid.NewGuid().ToString("N")[..10].ToUpperInvariant();
        var ip = TrustedProxy.NewClientIp();
        var before = server.Twilio.RequestCount;
        for (var i = 0; i < 5; i++)
        {
            Assert.True((await AskForSmsAsync(unknown, ip)).IsPage("code"));
        }

        var sixth = await AskForSmsAsync(unknown, ip);

        Assert.True(sixth.IsPage("method"));
        Assert.Contains(SendFailed, sixth.Html, StringComparison.Ordinal);
        Assert.Equal(before, server.Twilio.RequestCount);
    }

    [Fact]
    public async Task PumpingAttack_ThousandRequestsToTwoHundredNumbersOfOnePrefix_TwilioCountsNoMoreThanThePrefixBudget()
    {
        var dispatch = server.Services.GetRequiredService<CodeDispatch>();
        var budgets = server.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<SendBudgetOptions>>().Value;
        var numbers = Enumerable.Range(0, 200).Select(i => $"+212699990{i:D3}").ToArray();
        var before = server.Twilio.AcceptedCount;

        // From 100 addresses, so that the per-IP budget is not what stops the attack.
        var admitted = await AttackAsync(i => dispatch.AdmitAsync(
            new PendingCode(AuthMethod.Sms, numbers[i % 200], "Hawiya", $"Hawiya : votre code est {i:D6}.", $"s-attack-{i}"),
            standIn: $"c-attack-{i % 200}",
            new SendOrigin(OidcServer.ClientId, IPAddress.Parse($"198.18.{i % 100}.1"))));

        var expected = budgets.PerPrefix.Limit;
        Assert.Equal(expected, admitted.Count(a => a));
        Assert.True(SpinWait.SpinUntil(() => server.Twilio.AcceptedCount - before == expected, TimeSpan.FromSeconds(20)));
        Assert.Equal(expected, server.Twilio.AcceptedCount - before);
        Assert.All(numbers, n => Assert.True(SentTo(n) <= budgets.PerNumber.Limit));
    }

    [Fact]
    public async Task PumpingAttack_ThousandRequestsFromOneAddressToManyPrefixes_StoppedByTheIpBudget()
    {
        var dispatch = server.Services.GetRequiredService<CodeDispatch>();
        var budgets = server.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<SendBudgetOptions>>().Value;
        var ip = IPAddress.Parse("198.19.0.7");

        var admitted = await AttackAsync(i => dispatch.AdmitAsync(
            new PendingCode(AuthMethod.Sms, $"+2127{i:D4}0{i % 10:D3}", "Hawiya", "Hawiya : votre code est 000000.", $"s-ip-{i}"),
            standIn: $"c-ip-{i}",
            new SendOrigin(OidcServer.ClientId, ip)));

        Assert.Equal(budgets.PerIp.Limit, admitted.Count(a => a));
    }

    [Theory]
    [InlineData("+212890123456")] // 089: premium rate
    [InlineData("+212801234567")] // 080: freephone, special services
    [InlineData("+33612345678")] // a country not allowed
    [InlineData("+21261234567")] // too short for a Moroccan number
    [InlineData("+212522123456")] // a fixed line
    public async Task SmsGateway_DestinationOutsideTheAllowList_RejectedWithoutCallingTwilio(string number)
    {
        var sms = server.Services.GetRequiredService<ISmsGateway>();
        var before = server.Twilio.RequestCount;

        var result = await sms.SendAsync(new SmsMessage(number, "Hawiya", "s-destination"));

        Assert.Equal(SendStatus.Rejected, result.Status);
        Assert.Equal(before, server.Twilio.RequestCount);
    }

    [Fact]
    public async Task Budgets_PremiumRateDestination_RefusedBeforeAnyBudgetIsSpent()
    {
        var budgets = server.Services.GetRequiredService<SendBudgets>();

        var refusal = await budgets.RefusalAsync(AuthMethod.Sms, "+212890123456", "c-premium", new SendOrigin(OidcServer.ClientId, IPAddress.Loopback));

        Assert.Equal(SmsDestinations.PremiumRate, refusal);
    }

    [Fact]
    public async Task Budgets_EmailCodesForOneAddress_RefusedAfterTheAddressBudget()
    {
        var budgets = server.Services.GetRequiredService<SendBudgets>();
        var limit = server.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<SendBudgetOptions>>().Value.Email.PerAddress.Limit;
        var address = Guid.NewGuid().ToString("N") + "@example.ma";

        var refusals = new List<string?>();
        for (var i = 0; i <= limit; i++)
        {
            refusals.Add(await budgets.RefusalAsync(AuthMethod.Email, address, "c-email", new SendOrigin(OidcServer.ClientId, IPAddress.Parse($"198.18.200.{i + 1}"))));
        }

        Assert.All(refusals.Take(limit), r => Assert.Null(r));
        Assert.Equal(SendBudgets.PerRecipient, refusals[^1]);
    }

    [Fact]
    public async Task LoginPage_TwilioRefusesTheQueuedCode_NextPageOffersAnotherMethod()
    {
        var citizen = await server.NewCitizenAsync();
        using var browser = new Browser(server.Issuer, TrustedProxy.NewClientIp());
        await browser.OpenAsync(new AuthorizationRequest(OidcServer.ClientId).Url());
        await browser.PostStepAsync("identify", ("national_number", citizen.Number));
        server.Twilio.FailAll = new FakeTwilioServer.Reply(400, 21610);
        try
        {
            // The page does not wait for Twilio: the code page comes back at once.
            Assert.True((await browser.PostStepAsync("method", ("method", "Sms"))).IsPage("code"));

            // Once the sender has heard Twilio's refusal, the session drops the code; any next page says so.
            var page = await browser.PostStepAsync("show");
            for (var i = 0; i < 400 && page.IsPage("code"); i++)
            {
                await Task.Delay(50);
                page = await browser.PostStepAsync("show");
            }

            Assert.Equal(HttpStatusCode.OK, page.Status);
            Assert.True(page.IsPage("method"));
            Assert.Contains(SendFailed, page.Html, StringComparison.Ordinal);
            var answer = await browser.PostStepAsync("code", ("code", "123456"));
            Assert.Contains(SendFailed, answer.Html, StringComparison.Ordinal);
        }
        finally
        {
            server.Twilio.FailAll = null;
        }
    }
}
