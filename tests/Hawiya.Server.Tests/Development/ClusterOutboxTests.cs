using System.Net;
using System.Text.Json;
using Hawiya.Contracts.Common;
using Hawiya.Contracts.Development;
using Hawiya.Gateways.Outbox;
using Hawiya.Gateways.Sms;
using Hawiya.Server.Development;
using Microsoft.Extensions.DependencyInjection;

namespace Hawiya.Server.Tests.Development;

/// <summary>The development outbox is the cluster's: what one silo sent, any silo reads.</summary>
[Collection(ServerCollection.Name)]
public sealed class ClusterOutboxTests(ServerFactory server)
{
    [Fact]
    public async Task Sms_SentThroughTheGateway_IsHeldByTheRecipientsGrainAndListedByTheEndpoint()
    {
        var phone = "+2126" + Random.Shared.Next(10_000_000, 99_999_999);
        var gateway = server.Services.GetRequiredService<ISmsGateway>();

        var sent = await gateway.SendAsync(new SmsMessage(phone, "Votre code Hawiya : 123456", null));

        Assert.True(sent.IsAccepted);
        // The grain is what another silo reads: no silo-local memory is involved.
        var keys = server.Services.GetRequiredService<PseudonymKeys>();
        var held = await server.Services.GetRequiredService<IGrainFactory>()
            .GetGrain<IDevelopmentOutboxGrain>(ClusterOutbox.GrainKey(keys, OutboxChannel.Sms, phone)).ListAsync(10);
        var message = Assert.Single(held);
        Assert.Equal("Votre code Hawiya : 123456", message.Body);
        Assert.Equal(sent.ProviderMessageId, message.MessageId);

        using var response = await server.CreateClient().GetAsync("/dev/outbox?to=" + Uri.EscapeDataString(phone));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("Votre code Hawiya : 123456", Assert.Single(body.RootElement.EnumerateArray().ToArray()).GetProperty("body").GetString());
    }

    [Fact]
    public void GrainKey_NamesNoPhoneNumber()
    {
        var keys = server.Services.GetRequiredService<PseudonymKeys>();

        var key = ClusterOutbox.GrainKey(keys, OutboxChannel.Sms, "+212600000001");

        Assert.StartsWith("sms:", key);
        Assert.DoesNotContain("600000001", key);
    }
}
