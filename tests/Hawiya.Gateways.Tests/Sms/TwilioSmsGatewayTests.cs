using Hawiya.Gateways.Sms;
using Hawiya.Gateways.Tests.Fakes;
using Hawiya.Gateways.Tests.Support;

namespace Hawiya.Gateways.Tests.Sms;

public sealed class TwilioSmsGatewayTests
{
    private const string Citizen = "+212612345678";

    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(500);

    [Fact]
    public async Task SendAsync_ValidMessage_PostsTwilioFormAndReturnsAccepted()
    {
        await using var twilio = await FakeTwilioServer.StartAsync();
        await using var host = GatewayTestHost.Create(TwilioTestSettings.For(twilio));

        var result = await host.Sms.SendAsync(new SmsMessage(Citizen, "Your Hawiya code is 493817", "session-1"));

        Assert.Equal(SendStatus.Accepted, result.Status);
        Assert.StartsWith("SM", result.ProviderMessageId);
        var form = Assert.Single(twilio.Accepted);
        Assert.Equal(Citizen, form["To"]);
        Assert.Equal(TwilioTestSettings.Sender, form["From"]);
        Assert.Equal("Your Hawiya code is 493817", form["Body"]);
        Assert.Equal("600", form["ValidityPeriod"]);
        Assert.False(form.ContainsKey("MessagingServiceSid"));
    }

    [Fact]
    public async Task SendAsync_MessagingServiceConfigured_SendsServiceSidInsteadOfFrom()
    {
        await using var twilio = await FakeTwilioServer.StartAsync();
        var settings = TwilioTestSettings.For(twilio);
        settings["Gateways:Sms:Twilio:From"] = null;
        settings["Gateways:Sms:Twilio:MessagingServiceSid"] = "MG0123456789abcdef0123456789abcdef";
        await using var host = GatewayTestHost.Create(settings);

        var result = await host.Sms.SendAsync(new SmsMessage(Citizen, "code 1", "session-2"));

        Assert.True(result.IsAccepted);
        var form = Assert.Single(twilio.Accepted);
        Assert.Equal("MG0123456789abcdef0123456789abcdef", form["MessagingServiceSid"]);
        Assert.False(form.ContainsKey("From"));
    }

    [Fact]
    public async Task SendAsync_WrongAuthToken_RejectedAsConfigurationError()
    {
        await using var twilio = await FakeTwilioServer.StartAsync();
        var settings = TwilioTestSettings.For(twilio);
        settings["Gateways:Sms:Twilio:AuthToken"] = new string('0', 32);
        await using var host = GatewayTestHost.Create(settings);

        var result = await host.Sms.SendAsync(new SmsMessage(Citizen, "code", "session-3"));

        Assert.Equal(SendStatus.Rejected, result.Status);
        Assert.Equal("twilio:20003", result.ReasonCode);
        Assert.Equal(0, twilio.AcceptedCount);
        Assert.Contains(host.Logs.Lines, line => line.Contains("[1002]", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(400, 21211)] // invalid 'To'
    [InlineData(400, 21408)] // region not enabled
    [InlineData(400, 21610)] // unsubscribed recipient
    [InlineData(400, 21614)] // not a mobile number
    [InlineData(400, 21635)] // landline
    [InlineData(400, 30007)] // filtered
    [InlineData(400, 21617)] // body too long (as Twilio counts it)
    public async Task SendAsync_GiveUpErrorCode_ReturnsRejectedWithoutRetry(int httpStatus, int code)
    {
        await using var twilio = await FakeTwilioServer.StartAsync();
        await using var host = GatewayTestHost.Create(TwilioTestSettings.For(twilio));
        twilio.Enqueue(httpStatus, code);

        var result = await host.Sms.SendAsync(new SmsMessage(Citizen, "code", "session-4"));

        Assert.Equal(SendStatus.Rejected, result.Status);
        Assert.Equal($"twilio:{code}", result.ReasonCode);
        Assert.Equal(1, twilio.RequestCount);
    }

    [Theory]
    [InlineData(429, 20429)]
    [InlineData(500, 20500)]
    [InlineData(503, 20503)]
    public async Task SendAsync_NotAcceptedErrorThenSuccess_RetriesAndReturnsAccepted(int httpStatus, int code)
    {
        await using var twilio = await FakeTwilioServer.StartAsync();
        await using var host = GatewayTestHost.Create(TwilioTestSettings.For(twilio));
        twilio.Enqueue(httpStatus, code);

        var result = await host.Time.AdvanceUntilDone(host.Sms.SendAsync(new SmsMessage(Citizen, "code", "session-5")), Step);

        Assert.True(result.IsAccepted);
        Assert.Equal(2, twilio.RequestCount);
        Assert.Equal(1, twilio.AcceptedCount);
    }

    [Fact]
    public async Task SendAsync_ProviderKeepsAnswering503_ReturnsRetryLaterAfterAllRetries()
    {
        await using var twilio = await FakeTwilioServer.StartAsync();
        await using var host = GatewayTestHost.Create(TwilioTestSettings.For(twilio));
        twilio.FailAll = new FakeTwilioServer.Reply(503, 20503);

        var result = await host.Time.AdvanceUntilDone(host.Sms.SendAsync(new SmsMessage(Citizen, "code", "session-6")), Step);

        Assert.Equal(SendStatus.RetryLater, result.Status);
        Assert.Equal("twilio:20503", result.ReasonCode);
        Assert.Equal(3, twilio.RequestCount);
    }

    [Fact]
    public async Task SendAsync_RetryAfterLongerThanMaxRetryDelay_ReturnsRetryLaterAtOnce()
    {
        await using var twilio = await FakeTwilioServer.StartAsync();
        await using var host = GatewayTestHost.Create(TwilioTestSettings.For(twilio));
        twilio.Enqueue(429, 20429, TimeSpan.FromMinutes(1));

        var result = await host.Sms.SendAsync(new SmsMessage(Citizen, "code", "session-7"));

        Assert.Equal(SendStatus.RetryLater, result.Status);
        Assert.Equal(TimeSpan.FromMinutes(1), result.RetryAfter);
        Assert.Equal(1, twilio.RequestCount);
    }

    [Fact]
    public async Task SendAsync_ErrorBodyWithoutTwilioCode_RejectedWithHttpStatusReason()
    {
        await using var twilio = await FakeTwilioServer.StartAsync();
        await using var host = GatewayTestHost.Create(TwilioTestSettings.For(twilio));
        twilio.EnqueueRaw(400, "<html><body>Bad Request</body></html>");

        var result = await host.Sms.SendAsync(new SmsMessage(Citizen, "code", "session-10"));

        Assert.Equal(SendResult.Rejected("twilio:http_400"), result);
        Assert.Equal(1, twilio.RequestCount);
    }

    [Fact]
    public async Task SendAsync_SuccessBodyNotTwilioJson_ReturnsRetryLaterProviderError()
    {
        await using var twilio = await FakeTwilioServer.StartAsync();
        await using var host = GatewayTestHost.Create(TwilioTestSettings.For(twilio));
        twilio.EnqueueRaw(201, "<html><body>Created</body></html>");

        var result = await host.Sms.SendAsync(new SmsMessage(Citizen, "code", "session-11"));

        Assert.Equal(SendResult.RetryLater(GatewayReasons.ProviderError), result);
        Assert.Equal(1, twilio.RequestCount);
    }

    [Theory]
    [InlineData("0612345678")]
    [InlineData("+0612345678")]
    [InlineData("+2126123456789012")]
    [InlineData("")]
    public async Task SendAsync_NotE164_RejectedWithoutCallingTwilio(string to)
    {
        await using var twilio = await FakeTwilioServer.StartAsync();
        await using var host = GatewayTestHost.Create(TwilioTestSettings.For(twilio));

        var result = await host.Sms.SendAsync(new SmsMessage(to, "code", "session-8"));

        Assert.Equal(SendResult.Rejected(GatewayReasons.InvalidRecipient), result);
        Assert.Equal(0, twilio.RequestCount);
    }

    [Fact]
    public async Task SendAsync_BodyOver1600Characters_RejectedWithoutCallingTwilio()
    {
        await using var twilio = await FakeTwilioServer.StartAsync();
        await using var host = GatewayTestHost.Create(TwilioTestSettings.For(twilio));

        var result = await host.Sms.SendAsync(new SmsMessage(Citizen, new string('x', SmsMessage.MaxBodyLength + 1), "session-9"));

        Assert.Equal(SendResult.Rejected(GatewayReasons.InvalidMessage), result);
        Assert.Equal(0, twilio.RequestCount);
    }

    [Fact]
    public async Task SendAsync_ConcurrentBurst_FakeCountsEachAcceptedMessage()
    {
        await using var twilio = await FakeTwilioServer.StartAsync();
        await using var host = GatewayTestHost.Create(TwilioTestSettings.For(twilio));

        var results = await Task.WhenAll(Enumerable.Range(0, 25).Select(i =>
            host.Sms.SendAsync(new SmsMessage($"+2126000000{i:D2}", "code", $"burst-{i}"))));

        Assert.All(results, r => Assert.True(r.IsAccepted));
        Assert.Equal(25, twilio.AcceptedCount);
        Assert.Equal(25, results.Select(r => r.ProviderMessageId).Distinct().Count());
    }
}
