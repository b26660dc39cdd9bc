using Hawiya.Gateways.Email;
using Hawiya.Gateways.Outbox;
using Hawiya.Gateways.Push;
using Hawiya.Gateways.Sms;
using Hawiya.Gateways.Tests.Support;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Hawiya.Gateways.Tests.Outbox;

public sealed class InMemoryOutboxTests
{
    private const string Citizen = "+212612345678";

    private static InMemoryOutbox Create(FakeTimeProvider time, int capacity = 100, TimeSpan? retention = null) => new(
        Options.Create(new OutboxOptions { CapacityPerChannel = capacity, Retention = retention ?? TimeSpan.FromMinutes(10) }),
        time,
        new TestHostEnvironment("Development"));

    [Fact]
    public async Task GetMessages_SeveralSmsToOneRecipient_ReturnsNewestFirst()
    {
        var time = FakeTime.Now();
        var outbox = Create(time);
        await outbox.SendAsync(new SmsMessage(Citizen, "code 111111", "s-1"));
        time.Advance(TimeSpan.FromSeconds(5));
        await outbox.SendAsync(new SmsMessage("+212699999999", "someone else", "s-2"));
        var latest = await outbox.SendAsync(new SmsMessage(Citizen, "code 222222", "s-3"));

        var messages = outbox.GetMessages(OutboxChannel.Sms, Citizen);

        Assert.Equal(["code 222222", "code 111111"], messages.Select(m => m.Body));
        Assert.Equal(latest.ProviderMessageId, outbox.GetLatest(OutboxChannel.Sms, Citizen)!.MessageId);
        Assert.Equal("s-3", messages[0].CorrelationId);
    }

    [Fact]
    public async Task GetMessages_AfterRetention_ReturnsNothing()
    {
        var time = FakeTime.Now();
        var outbox = Create(time, retention: TimeSpan.FromMinutes(5));
        await outbox.SendAsync(new SmsMessage(Citizen, "code", "s-1"));

        time.Advance(TimeSpan.FromMinutes(5));

        Assert.Empty(outbox.GetMessages(OutboxChannel.Sms, Citizen));
        Assert.Equal(0, outbox.Count(OutboxChannel.Sms));
    }

    [Fact]
    public async Task SendAsync_BeyondCapacity_EvictsOldest()
    {
        var time = FakeTime.Now();
        var outbox = Create(time, capacity: 3);
        for (var i = 1; i <= 5; i++)
        {
            await outbox.SendAsync(new SmsMessage(Citizen, $"code {i}", null));
        }

        Assert.Equal(3, outbox.Count(OutboxChannel.Sms));
        Assert.Equal(["code 5", "code 4", "code 3"], outbox.GetMessages(OutboxChannel.Sms, Citizen).Select(m => m.Body));
    }

    [Fact]
    public async Task GetMessages_EmailRecipientInOtherCase_FindsMessage()
    {
        var outbox = Create(FakeTime.Now());
        await outbox.SendAsync(new EmailMessage("Amina@Example.ma", "Code", "Your code is 1"));

        var entry = outbox.GetLatest(OutboxChannel.Email, "amina@example.ma");

        Assert.NotNull(entry);
        Assert.Equal("Code", entry.Subject);
    }

    [Fact]
    public async Task SendAsync_Push_KeepsTitleBodyAndDataPerChannel()
    {
        var outbox = Create(FakeTime.Now());
        var result = await outbox.SendAsync(new PushMessage("device-1", "Login", "Pick 42", new Dictionary<string, string> { ["n"] = "42" }));

        var entry = outbox.GetLatest(OutboxChannel.Push, "device-1");

        Assert.True(result.IsAccepted);
        Assert.Equal("42", entry!.Data["n"]);
        Assert.Empty(outbox.GetMessages(OutboxChannel.Sms, "device-1"));
    }

    [Fact]
    public async Task SendAsync_InvalidMessages_RejectedLikeRealProviders()
    {
        var outbox = Create(FakeTime.Now());

        var sms = await outbox.SendAsync(new SmsMessage("0612345678", "code", null));
        var email = await outbox.SendAsync(new EmailMessage("nobody", "Code", "1"));
        var push = await outbox.SendAsync(new PushMessage("", "t", "b"));

        Assert.Equal(GatewayReasons.InvalidRecipient, sms.ReasonCode);
        Assert.Equal(GatewayReasons.InvalidRecipient, email.ReasonCode);
        Assert.Equal(PushSendStatus.Rejected, push.Status);
        Assert.Equal(0, outbox.Count(OutboxChannel.Sms) + outbox.Count(OutboxChannel.Email) + outbox.Count(OutboxChannel.Push));
    }

    [Fact]
    public async Task SendAsync_ManyConcurrentSenders_KeepsEveryMessage()
    {
        var outbox = Create(FakeTime.Now(), capacity: 10_000);

        await Task.WhenAll(Enumerable.Range(0, 8).Select(worker => Task.Run(async () =>
        {
            for (var i = 0; i < 500; i++)
            {
                await outbox.SendAsync(new SmsMessage($"+2126{worker:D2}{i % 50:D5}", $"code {i}", null));
            }
        })));

        Assert.Equal(4000, outbox.Count(OutboxChannel.Sms));
        Assert.Equal(10, outbox.GetMessages(OutboxChannel.Sms, "+212603" + "00007", max: 100).Count);
    }

    [Fact]
    public void Constructor_ProductionEnvironment_Throws()
    {
        var error = Assert.Throws<InvalidOperationException>(() => new InMemoryOutbox(
            Options.Create(new OutboxOptions()), TimeProvider.System, new TestHostEnvironment("Production")));

        Assert.Contains("Production", error.Message, StringComparison.Ordinal);
    }
}
