using System.Threading.Channels;
using Hawiya.Contracts.Common;
using Hawiya.Contracts.Sessions;
using Hawiya.Gateways.Diagnostics;
using Microsoft.Extensions.Options;

namespace Hawiya.Server.Abuse;

/// <summary>A one-time code waiting for its gateway; no destination means a stand-in with nothing to send.</summary>
/// <param name="CodeExpiresAt">Names the code in its session, so a failed send withdraws that code and no newer one.</param>
public sealed record PendingCode(AuthMethod Channel, string? Destination, string Subject, string Text, string SessionId, DateTimeOffset? CodeExpiresAt = null);

/// <summary>The codes waiting to be sent by <see cref="CodeSender"/>, bounded.</summary>
public sealed class CodeQueue(IOptions<SendBudgetOptions> settings)
{
    private readonly Channel<PendingCode> _channel = Channel.CreateBounded<PendingCode>(new BoundedChannelOptions(settings.Value.QueueCapacity)
    {
        FullMode = BoundedChannelFullMode.Wait,
        SingleReader = false,
        SingleWriter = false,
    });

    public bool TryEnqueue(PendingCode code) => _channel.Writer.TryWrite(code);

    public ChannelReader<PendingCode> Reader => _channel.Reader;
}

/// <summary>
/// What the login pages do to have a one-time code sent: check the budgets, then hand the code
/// to the queue. The page never waits for a gateway.
/// </summary>
/// <remarks>
/// SECURITY: a code is queued for every citizen, with or without a destination, so a known
/// citizen's page returns after the same work as an unknown one's (no timing oracle on whether
/// a national number is enrolled). A gateway failure happens after the page was shown: the
/// sender withdraws the code from the session and the citizen's next page offers another method
/// (the code page always links to the other methods too).
/// </remarks>
public sealed partial class CodeDispatch(SendBudgets budgets, CodeQueue queue, ILogger<CodeDispatch> logger)
{
    /// <param name="code">The code and where it goes (no destination: a stand-in, checked and queued alike).</param>
    /// <param name="standIn">What the budgets count a code without destination under: the citizen's pseudonymous key.</param>
    /// <param name="origin">The provider and client address the request came from.</param>
    /// <returns>True when the code was queued; false when a budget refused it or the queue is full.</returns>
    public async Task<bool> AdmitAsync(PendingCode code, string standIn, SendOrigin origin)
    {
        var refusal = await budgets.RefusalAsync(code.Channel, code.Destination, standIn, origin);
        if (refusal is not null)
        {
            LogRefused(code.Channel, refusal, code.SessionId, origin.ClientId, RecipientRef.For(code.Destination ?? standIn));
            return false;
        }

        if (!queue.TryEnqueue(code))
        {
            LogQueueFull(code.Channel, code.SessionId);
            return false;
        }

        return true;
    }

    [LoggerMessage(EventId = 4000, Level = LogLevel.Warning,
        Message = "One-time code over {Channel} not sent: refused by {Rule}. Session {SessionId}, provider {ClientId}, recipient {RecipientRef}")]
    private partial void LogRefused(AuthMethod channel, string rule, string sessionId, string clientId, string recipientRef);

    [LoggerMessage(EventId = 4001, Level = LogLevel.Error,
        Message = "One-time code over {Channel} not sent: the send queue is full. Session {SessionId}")]
    private partial void LogQueueFull(AuthMethod channel, string sessionId);
}
