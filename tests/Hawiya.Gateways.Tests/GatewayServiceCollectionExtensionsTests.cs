using Hawiya.Gateways.Email;
using Hawiya.Gateways.Outbox;
using Hawiya.Gateways.Push;
using Hawiya.Gateways.Sms;
using Hawiya.Gateways.Tests.Fakes;
using Hawiya.Gateways.Tests.Support;
using Microsoft.Extensions.Options;

namespace Hawiya.Gateways.Tests;

public sealed class GatewayServiceCollectionExtensionsTests
{
    private static Dictionary<string, string?> Twilio() => new()
    {
        ["Gateways:Sms:Provider"] = "Twilio",
        ["Gateways:Sms:Twilio:AccountSid"] = FakeTwilioServer.AccountSid,
        ["Gateways:Sms:Twilio:AuthToken"] = FakeTwilioServer.AuthToken,
        ["Gateways:Sms:Twilio:From"] = "+15005550006",
        ["Gateways:Push:Provider"] = "Outbox",
        ["Gateways:Email:Provider"] = "Outbox",
    };

    [Fact]
    public async Task AddHawiyaGateways_NothingConfigured_UsesOneOutboxForAllChannels()
    {
        await using var host = GatewayTestHost.Create(new Dictionary<string, string?>());

        Assert.Same(host.Outbox, host.Sms);
        Assert.Same(host.Outbox, host.Push);
        Assert.Same(host.Outbox, host.Email);
    }

    [Theory]
    [InlineData("Gateways:Sms:Provider")]
    [InlineData("Gateways:Push:Provider")]
    [InlineData("Gateways:Email:Provider")]
    public void AddHawiyaGateways_OutboxSelectedInProduction_FailsAtStartupNamingTheSetting(string key)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Gateways:Sms:Provider"] = "Twilio",
            ["Gateways:Push:Provider"] = "Fcm",
            ["Gateways:Email:Provider"] = "Smtp",
            [key] = "Outbox",
        };

        var failures = StartupFailures(() => GatewayTestHost.Create(settings, "Production"));

        var refusal = Assert.Single(failures, f => f.StartsWith(key + " ", StringComparison.Ordinal));
        Assert.Contains("Production", refusal, StringComparison.Ordinal);
    }

    [Fact]
    public void AddHawiyaGateways_ProviderUnsetInProduction_FailsAtStartupNamingEveryChannel()
    {
        var failures = StartupFailures(() => GatewayTestHost.Create(new Dictionary<string, string?>(), "Production"));

        Assert.All(failures, f => Assert.Contains("(the default when unset)", f, StringComparison.Ordinal));
        Assert.Equal(["Gateways:Sms:Provider", "Gateways:Push:Provider", "Gateways:Email:Provider"], failures.Select(f => f.Split(' ')[0]));
    }

    /// <summary>Every failure the start-up's validation reports, from one options type or several.</summary>
    private static List<string> StartupFailures(Action start)
    {
        var error = Assert.ThrowsAny<Exception>(start);
        var errors = error is AggregateException aggregate ? aggregate.Flatten().InnerExceptions : [error];
        return [.. errors.SelectMany(e => Assert.IsType<OptionsValidationException>(e).Failures)];
    }

    [Fact]
    public void AddHawiyaGateways_UnknownProviderName_FailsAtStartupListingChoices()
    {
        var error = Assert.Throws<OptionsValidationException>(() =>
            GatewayTestHost.Create(new Dictionary<string, string?> { ["Gateways:Sms:Provider"] = "Nexmo" }));

        Assert.Contains("Outbox, Twilio", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Gateways:Sms:Twilio:AuthToken", null)]
    [InlineData("Gateways:Sms:Twilio:AccountSid", "AC123")]
    [InlineData("Gateways:Sms:Twilio:MessagingServiceSid", "MG0123456789abcdef0123456789abcdef")]
    [InlineData("Gateways:Sms:Twilio:From", "not a sender!")]
    public void AddHawiyaGateways_BadTwilioSetting_FailsAtStartup(string key, string? value)
    {
        var settings = Twilio();
        settings[key] = value;

        Assert.Throws<OptionsValidationException>(() => GatewayTestHost.Create(settings));
    }

    [Fact]
    public void AddHawiyaGateways_TwilioOverHttpInProduction_FailsAtStartup()
    {
        var settings = Twilio();
        settings["Gateways:Sms:Twilio:BaseUrl"] = "http://api.twilio.com";
        settings["Gateways:Push:Provider"] = "Fcm";
        settings["Gateways:Email:Provider"] = "Smtp";
        settings["Gateways:Push:Fcm:ProjectId"] = ServiceAccountFixture.ProjectId;
        settings["Gateways:Push:Fcm:ServiceAccountJson"] = ServiceAccountFixture.Json("https://oauth2.googleapis.com/token");
        settings["Gateways:Email:Smtp:Host"] = "smtp.example.ma";
        settings["Gateways:Email:Smtp:FromAddress"] = "no-reply@hawiya.example";

        var error = Assert.Throws<OptionsValidationException>(() => GatewayTestHost.Create(settings, "Production"));

        Assert.Contains("https", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("None")]
    [InlineData("StartTlsWhenAvailable")]
    [InlineData("Auto")]
    public void AddHawiyaGateways_DowngradableSmtpInProduction_FailsAtStartup(string security)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Gateways:Sms:Provider"] = "Twilio",
            ["Gateways:Sms:Twilio:AccountSid"] = FakeTwilioServer.AccountSid,
            ["Gateways:Sms:Twilio:AuthToken"] = FakeTwilioServer.AuthToken,
            ["Gateways:Sms:Twilio:From"] = "+15005550006",
            ["Gateways:Push:Provider"] = "Fcm",
            ["Gateways:Push:Fcm:ProjectId"] = ServiceAccountFixture.ProjectId,
            ["Gateways:Push:Fcm:ServiceAccountJson"] = ServiceAccountFixture.Json("https://oauth2.googleapis.com/token"),
            ["Gateways:Email:Provider"] = "Smtp",
            ["Gateways:Email:Smtp:Host"] = "smtp.example.ma",
            ["Gateways:Email:Smtp:FromAddress"] = "no-reply@hawiya.example",
            ["Gateways:Email:Smtp:Security"] = security,
        };

        var error = Assert.Throws<OptionsValidationException>(() => GatewayTestHost.Create(settings, "Production"));

        Assert.Contains("Security", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("not json")]
    [InlineData("""{"type":"service_account","client_email":"a@b.iam.gserviceaccount.com","private_key":"-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n"}""")]
    public void AddHawiyaGateways_UnusableServiceAccountKey_FailsAtStartup(string json)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Gateways:Push:Provider"] = "Fcm",
            ["Gateways:Push:Fcm:ProjectId"] = ServiceAccountFixture.ProjectId,
            ["Gateways:Push:Fcm:ServiceAccountJson"] = json,
        };

        var error = Assert.Throws<OptionsValidationException>(() => GatewayTestHost.Create(settings));

        Assert.Contains("ServiceAccountJson", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddHawiyaGateways_AttemptTimeoutAboveTotal_FailsAtStartup()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Gateways:Resilience:TotalTimeout"] = "00:00:05",
            ["Gateways:Resilience:AttemptTimeout"] = "00:00:06",
        };

        var error = Assert.Throws<OptionsValidationException>(() => GatewayTestHost.Create(settings));

        Assert.Contains("AttemptTimeout", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddHawiyaGateways_RealProvidersInProduction_ResolvesEachGateway()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Gateways:Sms:Provider"] = "Twilio",
            ["Gateways:Sms:Twilio:AccountSid"] = FakeTwilioServer.AccountSid,
            ["Gateways:Sms:Twilio:AuthToken"] = FakeTwilioServer.AuthToken,
            ["Gateways:Sms:Twilio:MessagingServiceSid"] = "MG0123456789abcdef0123456789abcdef",
            ["Gateways:Push:Provider"] = "fcm",
            ["Gateways:Push:Fcm:ProjectId"] = ServiceAccountFixture.ProjectId,
            ["Gateways:Push:Fcm:ServiceAccountJson"] = ServiceAccountFixture.Json("https://oauth2.googleapis.com/token"),
            ["Gateways:Email:Provider"] = "Smtp",
            ["Gateways:Email:Smtp:Host"] = "smtp.example.ma",
            ["Gateways:Email:Smtp:FromAddress"] = "no-reply@hawiya.example",
        };

        await using var host = GatewayTestHost.Create(settings, "Production");

        Assert.IsType<TwilioSmsGateway>(host.Sms);
        Assert.IsType<FcmPushGateway>(host.Push);
        Assert.IsType<SmtpEmailGateway>(host.Email);
        Assert.Null(host.Services.GetService(typeof(InMemoryOutbox)));
    }
}
