using Hawiya.Card.Client;

namespace Hawiya.VirtualCard.Applet;

/// <summary>
/// Connects a <see cref="CnieCardClient"/> straight to an applet, without pcscd: for tests and
/// for server-side code that needs a card in the same process. Powers the card on when created.
/// </summary>
public sealed class InProcessCardTransport : ICardTransport
{
    private readonly CnieApplet _applet;

    public InProcessCardTransport(CnieApplet applet)
    {
        ArgumentNullException.ThrowIfNull(applet);
        _applet = applet;
        _applet.PowerOn();
    }

    /// <summary>Every command APDU sent, in order, for tests that check the exchange itself.</summary>
    public List<byte[]> Sent { get; } = [];

    public byte[] Transmit(byte[] commandApdu)
    {
        Sent.Add(commandApdu);
        return _applet.Process(commandApdu);
    }
}
