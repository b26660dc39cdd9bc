using Hawiya.Gateways.Email;
using Hawiya.Gateways.Push;
using Hawiya.Gateways.Sms;
using Hawiya.Gateways.Tests.Email;
using Hawiya.Gateways.Tests.Fakes;
using Hawiya.Gateways.Tests.Push;
using Hawiya.Gateways.Tests.Sms;
using Hawiya.Gateways.Tests.Support;

namespace Hawiya.Gateways.Tests;

public sealed class PersonalDataLoggingTests
{
    private const string Phone = "+212612345678";
    private const string BadPhone = "+212699887766";
    private const string Address = "amina.benali@example.ma";
    private const string BadAddress = "ghost.user@example.ma";
    private const string Device = "fcm-token-5d41402abc4b2a76b9719d911017c592";
    private const string Otp = "493817";

    [Fact]
    public async Task SendAsync_EveryChannelSucceedingAndFailing_LogsNoRecipientBodyOrSecret()
    {
        var time = FakeTime.Now();
        await using var twilio = await FakeTwilioServer.StartAsync();
        await using var google = await FakeGoogleServer.StartAsync(time);
        await using var smtp = LoopbackSmtpServer.Start(("relay-user", "relay-password-9f8e7d"));
        var settings = TwilioTestSettings.For(twilio);
        foreach (var (key, value) in FcmTestSettings.For(google).Concat(SmtpEmailGatewayTests.Settings(smtp, ("relay-user", "relay-password-9f8e7d"))))
        {
            settings[key] = value;
        }

        await using var host = GatewayTestHost.Create(settings, time: time);
        var body = $"Your Hawiya code is {Otp}";

        // Twilio's 21211 message and the relay's 550 reply both quote the recipient.
        twilio.Enqueue(400, 21211);
        google.UnregisteredTokens[Device + "-old"] = true;
        smtp.UnknownRecipients[BadAddress] = true;
        var results = new object[]
        {
            await host.Sms.SendAsync(new SmsMessage(Phone, body, "corr-sms-1")),
            await host.Sms.SendAsync(new SmsMessage(BadPhone, body, "corr-sms-2")),
            await host.Sms.SendAsync(new SmsMessage(Phone, body, "corr-sms-3")),
            await host.Push.SendAsync(new PushMessage(Device, "Login", body, new Dictionary<string, string> { ["otp"] = Otp }, CorrelationId: "corr-push-1")),
            await host.Push.SendAsync(new PushMessage(Device + "-old", "Login", body, CorrelationId: "corr-push-2")),
            await host.Email.SendAsync(new EmailMessage(Address, "Code", body, CorrelationId: "corr-mail-1")),
            await host.Email.SendAsync(new EmailMessage(BadAddress, "Code", body, CorrelationId: "corr-mail-2")),
        };

        Assert.Equal(7, results.Length);
        var log = string.Join('\n', host.Logs.Lines);
        Assert.Contains("corr-sms-2", log, StringComparison.Ordinal);
        Assert.Contains("twilio:21211", log, StringComparison.Ordinal);
        Assert.Contains("smtp:550", log, StringComparison.Ordinal);
        string[] forbidden =
        [
            Phone, Phone[1..], BadPhone, BadPhone[1..], Address, BadAddress, "example.ma", Device, Otp,
            FakeTwilioServer.AuthToken, "relay-password-9f8e7d", "PRIVATE KEY",
        ];
        foreach (var secret in forbidden)
        {
            Assert.DoesNotContain(secret, log, StringComparison.OrdinalIgnoreCase);
        }
    }
}
