using Hawiya.Card.Client;

namespace Hawiya.CardReader.Pcsc;

/// <summary>
/// A connection to the card in one reader (SCardConnect), and the <see cref="ICardTransport"/>
/// that carries APDUs to it (SCardTransmit). Not thread-safe: one conversation at a time.
/// </summary>
public sealed unsafe class PcscCard : ICardTransport, IDisposable
{
    private readonly byte[] _receiveBuffer = new byte[PcscNative.MaxBufferSizeExtended];
    private readonly PcscShareMode _shareMode;
    private nint _handle;

    internal PcscCard(nint handle, string reader, PcscProtocols activeProtocol, PcscShareMode shareMode)
    {
        _handle = handle;
        Reader = reader;
        ActiveProtocol = activeProtocol;
        _shareMode = shareMode;
    }

    public string Reader { get; }

    /// <summary>T=0 or T=1, as negotiated from the ATR; it decides the PCI sent with each APDU.</summary>
    public PcscProtocols ActiveProtocol { get; private set; }

    private nint Handle => _handle != 0 ? _handle : throw new ObjectDisposedException(nameof(PcscCard));

    /// <summary>Sends one command APDU and returns the response APDU, SW1 SW2 included.</summary>
    public byte[] Transmit(byte[] commandApdu)
    {
        ArgumentNullException.ThrowIfNull(commandApdu);
        // The send PCI names the protocol in use (PC/SC part 5, SCardTransmit); pcsc-lite rejects a mismatch.
        var sendPci = new ScardIoRequest { Protocol = (nuint)ActiveProtocol, PciLength = (nuint)sizeof(ScardIoRequest) };
        var received = (nuint)_receiveBuffer.Length;
        nint result;
        fixed (byte* send = commandApdu)
        fixed (byte* receive = _receiveBuffer)
        {
            result = PcscNative.SCardTransmit(Handle, &sendPci, send, (nuint)commandApdu.Length, null, receive, ref received);
        }

        PcscException.ThrowIfFailed(result, "SCardTransmit", Reader);
        return _receiveBuffer.AsSpan(0, (int)received).ToArray();
    }

    /// <summary>The card's ATR, from SCardStatus.</summary>
    public byte[] GetAtr()
    {
        var atr = new byte[PcscNative.MaxAtrSize];
        var atrLength = (nuint)atr.Length;
        nuint nameLength = 0;
        nint result;
        fixed (byte* atrPointer = atr)
        {
            result = PcscNative.SCardStatus(Handle, null, ref nameLength, out _, out _, atrPointer, ref atrLength);
        }

        PcscException.ThrowIfFailed(result, "SCardStatus", Reader);
        return atr[..(int)atrLength];
    }

    /// <summary>
    /// SCardReconnect: a warm reset (or power cycle) of the card, which ends its security state
    /// (ISO/IEC 7816-3 §6.2.3) for every application that shares it.
    /// </summary>
    public void Reconnect(CardDisposition initialization = CardDisposition.Reset)
    {
        PcscException.ThrowIfFailed(
            PcscNative.SCardReconnect(Handle, (nuint)_shareMode, (nuint)PcscProtocols.Any, (nuint)initialization, out var active),
            "SCardReconnect", Reader);
        ActiveProtocol = (PcscProtocols)(uint)active;
    }

    /// <summary>
    /// SCardBeginTransaction: no other application's APDUs interleave until the scope ends, so a
    /// VERIFY and the INTERNAL AUTHENTICATE it authorises run as one unit.
    /// </summary>
    public Transaction BeginTransaction()
    {
        PcscException.ThrowIfFailed(PcscNative.SCardBeginTransaction(Handle), "SCardBeginTransaction", Reader);
        return new Transaction(this);
    }

    /// <summary>SCardDisconnect; <see cref="CardDisposition.Reset"/> also ends the card's security state.</summary>
    public void Disconnect(CardDisposition disposition = CardDisposition.Leave)
    {
        var handle = Interlocked.Exchange(ref _handle, 0);
        if (handle != 0)
        {
            // A card already removed makes this fail; the handle is released either way.
            PcscNative.SCardDisconnect(handle, (nuint)disposition);
        }
    }

    public void Dispose() => Disconnect();

    /// <summary>Ends an SCardBeginTransaction scope, leaving the card as it is.</summary>
    public readonly struct Transaction : IDisposable
    {
        private readonly PcscCard _card;

        internal Transaction(PcscCard card) => _card = card;

        public void Dispose()
        {
            if (_card?._handle is { } handle && handle != 0)
            {
                PcscNative.SCardEndTransaction(handle, (nuint)CardDisposition.Leave);
            }
        }
    }
}
