using Hawiya.Contracts.Common;
using Hawiya.Contracts.Development;
using Hawiya.Gateways;
using Hawiya.Gateways.Email;
using Hawiya.Gateways.Outbox;
using Hawiya.Gateways.Push;
using Hawiya.Gateways.Sms;
using Microsoft.Extensions.Options;

namespace Hawiya.Server.Development;

/// <summary>
/// Development only: the outbox made cluster-wide. A message the silo's own outbox kept is also
/// given to the recipient's <see cref="IDevelopmentOutboxGrain"/>, so <c>/dev/outbox</c> answers the
/// same through any silo behind the balancer and a login works whichever silo serves each page.
/// A message the grain could not take (its silo lost) is reported as not delivered, as a provider
/// outage would be: the login page then offers another method.
/// </summary>
public sealed class ClusterOutbox(InMemoryOutbox local, IGrainFactory grains, PseudonymKeys keys, IOptions<OutboxOptions> options, TimeProvider time)
    : ISmsGateway, IPushGateway, IEmailGateway
{
    /// <summary>The grain of one recipient on one channel: a keyed pseudonym, so no grain id carries a number or an address.</summary>
    public static string GrainKey(PseudonymKeys keys, OutboxChannel channel, string recipient)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var name = channel.ToString().ToLowerInvariant();
        return $"{name}:{keys.Budget("outbox-" + name, channel == OutboxChannel.Email ? recipient.ToLowerInvariant() : recipient)}";
    }

    public async Task<SendResult> SendAsync(SmsMessage message, CancellationToken cancellationToken = default)
    {
        var result = await local.SendAsync(message, cancellationToken);
        return result.IsAccepted && !await ShareAsync(OutboxChannel.Sms, message.To, null, message.Body, null, result.ProviderMessageId!)
            ? SendResult.RetryLater(GatewayReasons.Unreachable)
            : result;
    }

    public async Task<PushSendResult> SendAsync(PushMessage message, CancellationToken cancellationToken = default)
    {
        var result = await ((IPushGateway)local).SendAsync(message, cancellationToken);
        return result.IsAccepted && !await ShareAsync(OutboxChannel.Push, message.DeviceToken, message.Title, message.Body, message.Data, result.ProviderMessageId!)
            ? PushSendResult.RetryLater(GatewayReasons.Unreachable)
            : result;
    }

    public async Task<SendResult> SendAsync(EmailMessage message, CancellationToken cancellationToken = default)
    {
        var result = await ((IEmailGateway)local).SendAsync(message, cancellationToken);
        return result.IsAccepted && !await ShareAsync(OutboxChannel.Email, message.To, message.Subject, message.TextBody, null, result.ProviderMessageId!)
            ? SendResult.RetryLater(GatewayReasons.Unreachable)
            : result;
    }

    /// <summary>Unexpired messages to <paramref name="recipient"/>, newest first, as kept by the cluster.</summary>
    public async Task<DevelopmentOutboxMessage[]> ReadAsync(OutboxChannel channel, string recipient, int max) =>
        await grains.GetGrain<IDevelopmentOutboxGrain>(GrainKey(keys, channel, recipient)).ListAsync(max);

    private async Task<bool> ShareAsync(OutboxChannel channel, string recipient, string? subject, string body, IReadOnlyDictionary<string, string>? data, string id)
    {
        var now = time.GetUtcNow();
        try
        {
            await grains.GetGrain<IDevelopmentOutboxGrain>(GrainKey(keys, channel, recipient)).AddAsync(new DevelopmentOutboxMessage
            {
                MessageId = id,
                Channel = channel.ToString(),
                Recipient = recipient,
                Subject = subject,
                Body = body,
                Data = data is null ? [] : new Dictionary<string, string>(data),
                SentAt = now,
                ExpiresAt = now + options.Value.Retention,
            });
            return true;
        }
        catch (Exception e) when (e is OrleansException or TimeoutException)
        {
            return false;
        }
    }
}

public static class ClusterOutboxExtensions
{
    /// <summary>
    /// In Development, every gateway served by the development outbox is served by the cluster's
    /// (<see cref="ClusterOutbox"/>). Call after the gateways and before anything decorates them.
    /// </summary>
    public static IHostApplicationBuilder AddClusterOutbox(this IHostApplicationBuilder builder)
    {
        if (!builder.Environment.IsDevelopment())
        {
            return builder;
        }

        var services = builder.Services;
        services.AddSingleton(sp => new ClusterOutbox(sp.GetRequiredService<InMemoryOutbox>(), sp.GetRequiredService<IGrainFactory>(),
            sp.GetRequiredService<PseudonymKeys>(), sp.GetRequiredService<IOptions<OutboxOptions>>(), sp.GetRequiredService<TimeProvider>()));
        Decorate<ISmsGateway>(services);
        Decorate<IPushGateway>(services);
        Decorate<IEmailGateway>(services);
        return builder;
    }

    private static void Decorate<TGateway>(IServiceCollection services) where TGateway : class
    {
        // The outbox is registered as a factory handing out the InMemoryOutbox; a real provider is left alone.
        if (services.LastOrDefault(d => d.ServiceType == typeof(TGateway)) is not { ImplementationFactory: { } factory } registered)
        {
            return;
        }

        services.Remove(registered);
        services.AddSingleton<TGateway>(sp =>
        {
            var inner = factory(sp);
            return inner is InMemoryOutbox ? (TGateway)(object)sp.GetRequiredService<ClusterOutbox>() : (TGateway)inner;
        });
    }
}
