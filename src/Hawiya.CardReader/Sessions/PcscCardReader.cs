using Hawiya.CardReader.Pcsc;

namespace Hawiya.CardReader.Sessions;

/// <summary>
/// Opens <see cref="CardSession"/>s on PC/SC readers: waits for a card (in a named reader or in
/// any), connects, SELECTs the eID application. Each session owns its own PC/SC context, so a
/// session and a wait never block each other inside pcsc-lite.
/// </summary>
public sealed class PcscCardReader(TimeProvider? timeProvider = null)
{
    private readonly TimeProvider _timeProvider = timeProvider ?? TimeProvider.System;

    /// <summary>Every reader with its current state.</summary>
    public IReadOnlyList<ReaderStatus> ListReaders()
    {
        using var context = PcscContext.Establish(timeProvider: _timeProvider);
        return context.ListReaders().Select(context.GetStatus).ToArray();
    }

    /// <summary>
    /// Waits up to <paramref name="timeout"/> for a card and opens a session on it. Throws
    /// <see cref="PcscServiceUnavailableException"/>, <see cref="PcscNoReadersException"/>,
    /// <see cref="PcscUnknownReaderException"/>, <see cref="TimeoutException"/> (no card in time),
    /// or <see cref="Hawiya.Card.Client.CardStatusException"/> (a card, but not a CNIE).
    /// </summary>
    public async Task<CardSession> OpenSessionAsync(string? readerName, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var context = PcscContext.Establish(timeProvider: _timeProvider);
        try
        {
            var readers = context.RequireReaders();
            if (readerName is not null && !readers.Contains(readerName))
            {
                throw PcscException.FromErrorCode(PcscException.UnknownReader, "SCardListReaders", readerName);
            }

            var status = await context.WaitForCardAsync(readerName is null ? readers : [readerName], timeout, cancellationToken)
                .ConfigureAwait(false);
            var card = context.Connect(status.Reader);
            return CardSession.Open(card, status.Reader, new Resources(card, context));
        }
        catch
        {
            context.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Disconnects with a reset, so no verified PIN outlives the session for the next
    /// application that connects, then releases the context.
    /// </summary>
    private sealed class Resources(PcscCard card, PcscContext context) : IDisposable
    {
        public void Dispose()
        {
            card.Disconnect(CardDisposition.Reset);
            context.Dispose();
        }
    }
}
