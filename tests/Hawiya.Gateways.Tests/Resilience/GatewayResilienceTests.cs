using System.Net;
using System.Net.Sockets;
using Hawiya.Gateways.Email;
using Hawiya.Gateways.Sms;
using Hawiya.Gateways.Tests.Email;
using Hawiya.Gateways.Tests.Fakes;
using Hawiya.Gateways.Tests.Sms;
using Hawiya.Gateways.Tests.Support;

namespace Hawiya.Gateways.Tests.Resilience;

public sealed class GatewayResilienceTests
{
    private static readonly SmsMessage Otp = new("+212612345678", "Your Hawiya code is 493817", "session-r");

    [Fact]
    public async Task SendAsync_ProviderKeepsFailing_CircuitOpensAndLaterSendsFailFast()
    {
        await using var twilio = await FakeTwilioServer.StartAsync();
        var settings = TwilioTestSettings.For(twilio);
        settings["Gateways:Resilience:MaxRetryAttempts"] = "0";
        settings["Gateways:Resilience:CircuitMinimumThroughput"] = "2";
        settings["Gateways:Resilience:CircuitFailureRatio"] = "0.5";
        settings["Gateways:Resilience:CircuitBreakDuration"] = "00:00:30";
        await using var host = GatewayTestHost.Create(settings);
        twilio.FailAll = new FakeTwilioServer.Reply(503, 20503);

        var first = await host.Sms.SendAsync(Otp);
        var second = await host.Sms.SendAsync(Otp);
        var third = await host.Sms.SendAsync(Otp).WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Equal("twilio:20503", first.ReasonCode);
        Assert.Equal("twilio:20503", second.ReasonCode);
        Assert.Equal(SendResult.RetryLater(GatewayReasons.CircuitOpen), third);
        Assert.Equal(2, twilio.RequestCount);

        // After the break, a probe goes through and, the provider being back, closes the circuit.
        twilio.FailAll = null;
        host.Time.Advance(TimeSpan.FromSeconds(31));
        var probe = await host.Sms.SendAsync(Otp);
        var after = await host.Sms.SendAsync(Otp);

        Assert.True(probe.IsAccepted);
        Assert.True(after.IsAccepted);
    }

    [Fact]
    public async Task SendAsync_RecipientRejections_DoNotOpenTheCircuit()
    {
        await using var twilio = await FakeTwilioServer.StartAsync();
        var settings = TwilioTestSettings.For(twilio);
        settings["Gateways:Resilience:CircuitMinimumThroughput"] = "2";
        await using var host = GatewayTestHost.Create(settings);
        twilio.FailAll = new FakeTwilioServer.Reply(400, 21211);

        for (var i = 0; i < 5; i++)
        {
            Assert.Equal("twilio:21211", (await host.Sms.SendAsync(Otp)).ReasonCode);
        }

        twilio.FailAll = null;
        Assert.True((await host.Sms.SendAsync(Otp)).IsAccepted);
    }

    [Fact]
    public async Task SendAsync_ProviderHangs_TimesOutWithoutResendingThePost()
    {
        await using var twilio = await FakeTwilioServer.StartAsync();
        await using var host = GatewayTestHost.Create(TwilioTestSettings.For(twilio));
        twilio.Hang = true;

        var result = await host.Time.AdvanceUntilDone(host.Sms.SendAsync(Otp), TimeSpan.FromSeconds(10));

        Assert.Equal(SendResult.RetryLater(GatewayReasons.Timeout), result);
        Assert.Equal(1, twilio.RequestCount);
    }

    [Fact]
    public async Task SendAsync_ProviderUnreachable_ReturnsRetryLater()
    {
        await using var twilio = await FakeTwilioServer.StartAsync();
        var settings = TwilioTestSettings.For(twilio);
        settings["Gateways:Sms:Twilio:BaseUrl"] = $"http://127.0.0.1:{ClosedPort()}";
        await using var host = GatewayTestHost.Create(settings);

        var result = await host.Time.AdvanceUntilDone(host.Sms.SendAsync(Otp), TimeSpan.FromSeconds(1));

        Assert.Equal(SendResult.RetryLater(GatewayReasons.Unreachable), result);
    }

    [Fact]
    public async Task SendAsync_SmtpRelayNeverGreets_TimesOut()
    {
        await using var smtp = LoopbackSmtpServer.Start();
        smtp.Silent = true;
        await using var host = GatewayTestHost.Create(SmtpEmailGatewayTests.Settings(smtp));

        var result = await host.Time.AdvanceUntilDone(
            host.Email.SendAsync(new EmailMessage("amina@example.ma", "Code", "Your code is 1", CorrelationId: "session-t")),
            TimeSpan.FromSeconds(10));

        Assert.Equal(SendResult.RetryLater(GatewayReasons.Timeout), result);
        Assert.Equal(1, smtp.Connections);
    }

    [Fact]
    public async Task SendAsync_CallerCancels_PropagatesCancellation()
    {
        await using var twilio = await FakeTwilioServer.StartAsync();
        await using var host = GatewayTestHost.Create(TwilioTestSettings.For(twilio));
        twilio.Hang = true;
        using var cancellation = new CancellationTokenSource();

        var send = host.Sms.SendAsync(Otp, cancellation.Token);
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => send);
    }

    private static int ClosedPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
