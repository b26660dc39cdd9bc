using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Hawiya.Gateways.Sms;
using Hawiya.Gateways.Tests.Fakes;
using Hawiya.Gateways.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Hawiya.Gateways.Tests.Sms;

public sealed class TwilioStatusCallbackEndpointTests
{
    [Fact]
    public async Task MapTwilioStatusCallback_ReportSignedByTwilio_HandsReportToSink()
    {
        await using var twilio = await FakeTwilioServer.StartAsync();
        await using var site = await CallbackSite.StartAsync(twilio);

        var result = await site.Sms.SendAsync(new SmsMessage("+212612345678", "code 1", "session-cb"));

        Assert.True(result.IsAccepted);
        Assert.Equal(204, Assert.Single(twilio.CallbackAnswers));
        var report = Assert.Single(site.Reports);
        Assert.Equal(result.ProviderMessageId, report.ProviderMessageId);
        Assert.Equal("sent", report.MessageStatus);
        Assert.Equal(twilio.Accepted.Single()["StatusCallback"], site.CallbackUrl);
    }

    [Fact]
    public async Task MapTwilioStatusCallback_ForgedSignature_Returns403AndReportsNothing()
    {
        await using var twilio = await FakeTwilioServer.StartAsync();
        await using var site = await CallbackSite.StartAsync(twilio);
        var form = Report("SM00000000000000000000000000000001", "delivered");
        var forged = FakeTwilioServer.Sign("not-the-auth-token-not-the-token", site.CallbackUrl, form);

        var status = await site.PostAsync(form, forged);

        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Empty(site.Reports);
    }

    [Fact]
    public async Task MapTwilioStatusCallback_ValidSignatureOverAlteredStatus_Returns403()
    {
        await using var twilio = await FakeTwilioServer.StartAsync();
        await using var site = await CallbackSite.StartAsync(twilio);
        var signature = FakeTwilioServer.Sign(
            FakeTwilioServer.AuthToken, site.CallbackUrl, Report("SM00000000000000000000000000000002", "failed"));

        var status = await site.PostAsync(Report("SM00000000000000000000000000000002", "delivered"), signature);

        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Empty(site.Reports);
    }

    [Fact]
    public async Task MapTwilioStatusCallback_RepeatedParameter_Returns403AndReportsNothing()
    {
        await using var twilio = await FakeTwilioServer.StartAsync();
        await using var site = await CallbackSite.StartAsync(twilio);
        var form = Report("SM00000000000000000000000000000006", "delivered");
        form.Add(new("MessageStatus", "failed"));
        var signature = FakeTwilioServer.Sign(FakeTwilioServer.AuthToken, site.CallbackUrl, form);

        var status = await site.PostAsync(form, signature);

        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Empty(site.Reports);
    }

    [Fact]
    public async Task MapTwilioStatusCallback_NoSignature_Returns403()
    {
        await using var twilio = await FakeTwilioServer.StartAsync();
        await using var site = await CallbackSite.StartAsync(twilio);

        var status = await site.PostAsync(Report("SM00000000000000000000000000000003", "delivered"), signature: null);

        Assert.Equal(HttpStatusCode.Forbidden, status);
    }

    [Fact]
    public async Task MapTwilioStatusCallback_SignedFailureReport_PassesTwilioErrorCode()
    {
        await using var twilio = await FakeTwilioServer.StartAsync();
        await using var site = await CallbackSite.StartAsync(twilio);
        var form = Report("SM00000000000000000000000000000004", "undelivered");
        form.Add(new("ErrorCode", "30007"));
        var signature = FakeTwilioServer.Sign(FakeTwilioServer.AuthToken, site.CallbackUrl, form);

        var status = await site.PostAsync(form, signature);

        Assert.Equal(HttpStatusCode.NoContent, status);
        var report = Assert.Single(site.Reports);
        Assert.Equal(30007, report.ErrorCode);
        Assert.True(report.IsFinalFailure);
    }

    [Fact]
    public async Task MapTwilioStatusCallback_SmsGoesToOutbox_Returns404()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.AddHawiyaGateways(builder.Configuration, new TestHostEnvironment("Development"));
        await using var app = builder.Build();
        app.MapTwilioStatusCallback();
        await app.StartAsync();
        using var client = new HttpClient();

        using var response = await client.PostAsync(
            app.Urls.Single() + TwilioStatusCallbackEndpoint.DefaultPattern,
            new FormUrlEncodedContent(Report("SM00000000000000000000000000000005", "delivered")));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    private static List<KeyValuePair<string, string>> Report(string sid, string status) =>
    [
        new("AccountSid", FakeTwilioServer.AccountSid),
        new("MessageSid", sid),
        new("MessageStatus", status),
        new("To", "+212612345678"),
    ];

    /// <summary>The platform side: gateways registered as the silo does, plus the callback endpoint.</summary>
    private sealed class CallbackSite : IAsyncDisposable, ISmsDeliveryReportSink
    {
        private readonly ConcurrentQueue<SmsDeliveryReport> _reports = new();
        private readonly HttpClient _client = new();
        private WebApplication _app = null!;

        public string CallbackUrl { get; private set; } = string.Empty;

        public IReadOnlyCollection<SmsDeliveryReport> Reports => _reports;

        public ISmsGateway Sms => _app.Services.GetRequiredService<ISmsGateway>();

        public static async Task<CallbackSite> StartAsync(FakeTwilioServer twilio)
        {
            // Twilio signs the URL it was configured with, so the public URL must be known before
            // start-up: reserve a free port, then bind Kestrel to it.
            var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            var port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();

            var site = new CallbackSite { CallbackUrl = $"http://127.0.0.1:{port}{TwilioStatusCallbackEndpoint.DefaultPattern}" };
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
            var settings = TwilioTestSettings.For(twilio);
            settings["Gateways:Sms:Twilio:StatusCallbackUrl"] = site.CallbackUrl;
            builder.Configuration.AddInMemoryCollection(settings);
            builder.Services.AddSingleton<ISmsDeliveryReportSink>(site);
            builder.Services.AddHawiyaGateways(builder.Configuration, new TestHostEnvironment("Development"));
            site._app = builder.Build();
            site._app.MapTwilioStatusCallback();
            await site._app.StartAsync();
            return site;
        }

        public async Task<HttpStatusCode> PostAsync(List<KeyValuePair<string, string>> form, string? signature)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, CallbackUrl) { Content = new FormUrlEncodedContent(form) };
            if (signature is not null)
            {
                request.Headers.Add(TwilioStatusCallbackEndpoint.SignatureHeader, signature);
            }

            using var response = await _client.SendAsync(request);
            return response.StatusCode;
        }

        public ValueTask ReportAsync(SmsDeliveryReport report, CancellationToken cancellationToken)
        {
            _reports.Enqueue(report);
            return ValueTask.CompletedTask;
        }

        public async ValueTask DisposeAsync()
        {
            _client.Dispose();
            await _app.DisposeAsync();
        }
    }
}
