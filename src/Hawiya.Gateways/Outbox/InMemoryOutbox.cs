using Hawiya.Gateways.Diagnostics;
using Hawiya.Gateways.Email;
using Hawiya.Gateways.Push;
using Hawiya.Gateways.Sms;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Hawiya.Gateways.Outbox;

/// <summary>
/// A stand-in for all three providers during development, demos and load tests: messages are kept
/// in memory, per channel, bounded and expiring, and can be read back by recipient (newest first)
/// so a demo page can show "the SMS you would have received" and a load test can read the OTP.
/// </summary>
/// <remarks>
/// SECURITY: it exposes one-time codes to whoever can read it, so it refuses to exist in the
/// Production environment (here and again at registration).
/// </remarks>
public sealed class InMemoryOutbox : ISmsGateway, IPushGateway, IEmailGateway
{
    private readonly ChannelStore[] _stores;
    private readonly OutboxOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    /// <summary>Creates an outbox; throws in the Production environment.</summary>
    public InMemoryOutbox(IOptions<OutboxOptions> options, TimeProvider time, IHostEnvironment environment, ILogger<InMemoryOutbox>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(environment);
        if (environment.IsProduction())
        {
            throw new InvalidOperationException(
                "The development outbox cannot run in the Production environment: it delivers nothing and exposes one-time codes.");
        }

        _options = options.Value;
        _time = time;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _stores =
        [
            new ChannelStore(_options.CapacityPerChannel, StringComparer.Ordinal),
            new ChannelStore(_options.CapacityPerChannel, StringComparer.Ordinal),
            new ChannelStore(_options.CapacityPerChannel, StringComparer.OrdinalIgnoreCase),
        ];
    }

    /// <inheritdoc />
    public Task<SendResult> SendAsync(SmsMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        return Task.FromResult(message.Problem() is { } problem
            ? SendResult.Rejected(problem)
            : SendResult.Accepted(Store(OutboxChannel.Sms, message.To, null, message.Body, null, message.CorrelationId)));
    }

    /// <inheritdoc />
    public Task<PushSendResult> SendAsync(PushMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        return Task.FromResult(message.Problem() is { } problem
            ? PushSendResult.Rejected(problem)
            : PushSendResult.Accepted(Store(OutboxChannel.Push, message.DeviceToken, message.Title, message.Body, message.Data, message.CorrelationId)));
    }

    /// <inheritdoc />
    public Task<SendResult> SendAsync(EmailMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        return Task.FromResult(message.Problem() is { } problem
            ? SendResult.Rejected(problem)
            : SendResult.Accepted(Store(OutboxChannel.Email, message.To, message.Subject, message.TextBody, null, message.CorrelationId)));
    }

    /// <summary>Unexpired messages to <paramref name="recipient"/> on <paramref name="channel"/>, newest first.</summary>
    public IReadOnlyList<OutboxEntry> GetMessages(OutboxChannel channel, string recipient, int max = 20)
    {
        ArgumentNullException.ThrowIfNull(recipient);
        ArgumentOutOfRangeException.ThrowIfNegative(max);
        return _stores[(int)channel].Newest(recipient, max, _time.GetUtcNow());
    }

    /// <summary>The newest unexpired message to <paramref name="recipient"/>, or null.</summary>
    public OutboxEntry? GetLatest(OutboxChannel channel, string recipient) =>
        GetMessages(channel, recipient, 1) is [var latest] ? latest : null;

    /// <summary>Unexpired messages held on <paramref name="channel"/>.</summary>
    public int Count(OutboxChannel channel) => _stores[(int)channel].Count(_time.GetUtcNow());

    private string Store(OutboxChannel channel, string recipient, string? subject, string body, IReadOnlyDictionary<string, string>? data, string? correlationId)
    {
        var now = _time.GetUtcNow();
        var id = $"outbox-{channel.ToString().ToLowerInvariant()}-{Guid.NewGuid():N}";
        var entry = new OutboxEntry(
            id, channel, recipient, subject, body,
            data is null ? new Dictionary<string, string>() : new Dictionary<string, string>(data),
            correlationId, now, now + _options.Retention);
        _stores[(int)channel].Add(entry, now);
        GatewayLog.OutboxStored(_logger, channel, correlationId, RecipientRef.For(recipient));
        return id;
    }

    /// <summary>
    /// One channel: entries in arrival order (oldest first) for eviction and expiry, and per
    /// recipient for lookups. Arrival order is also expiry order because retention is fixed.
    /// </summary>
    private sealed class ChannelStore(int capacity, StringComparer recipientComparer)
    {
        private readonly Lock _gate = new();
        private readonly LinkedList<OutboxEntry> _all = new();
        private readonly Dictionary<string, LinkedList<OutboxEntry>> _byRecipient = new(recipientComparer);

        public void Add(OutboxEntry entry, DateTimeOffset now)
        {
            lock (_gate)
            {
                Purge(now);
                _all.AddLast(entry);
                if (!_byRecipient.TryGetValue(entry.Recipient, out var list))
                {
                    list = new LinkedList<OutboxEntry>();
                    _byRecipient.Add(entry.Recipient, list);
                }

                list.AddLast(entry);
                while (_all.Count > capacity)
                {
                    RemoveOldest();
                }
            }
        }

        public IReadOnlyList<OutboxEntry> Newest(string recipient, int max, DateTimeOffset now)
        {
            lock (_gate)
            {
                Purge(now);
                if (max == 0 || !_byRecipient.TryGetValue(recipient, out var list))
                {
                    return [];
                }

                var result = new List<OutboxEntry>(Math.Min(max, list.Count));
                for (var node = list.Last; node is not null && result.Count < max; node = node.Previous)
                {
                    result.Add(node.Value);
                }

                return result;
            }
        }

        public int Count(DateTimeOffset now)
        {
            lock (_gate)
            {
                Purge(now);
                return _all.Count;
            }
        }

        private void Purge(DateTimeOffset now)
        {
            while (_all.First is { } oldest && oldest.Value.ExpiresAt <= now)
            {
                RemoveOldest();
            }
        }

        // The oldest entry overall is also the oldest of its recipient's list.
        private void RemoveOldest()
        {
            var oldest = _all.First!.Value;
            _all.RemoveFirst();
            var list = _byRecipient[oldest.Recipient];
            list.RemoveFirst();
            if (list.Count == 0)
            {
                _byRecipient.Remove(oldest.Recipient);
            }
        }
    }
}
