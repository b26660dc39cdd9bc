using Hawiya.Card.Client;
using Hawiya.VirtualCard.Applet;
using Hawiya.VirtualCard.CardFiles;

namespace Hawiya.Card.Tests.Applet;

/// <summary>A fresh virtual card per test, powered on, with a client talking to it in process.</summary>
internal sealed class CardFixture : IDisposable
{
    public const string Pin = "2468";
    public const string Puk = "87654321";

    public CardFixture(bool withPhoto = false, int readChunkSize = 256, ICardStateStore? store = null)
    {
        Card = DevelopmentCardFile.Create(pin: Pin, puk: Puk, withPhoto: withPhoto);
        Applet = new CnieApplet(Card, store);
        Transport = new InProcessCardTransport(Applet);
        Client = new CnieCardClient(Transport, readChunkSize);
    }

    public VirtualCardFile Card { get; }

    public CnieApplet Applet { get; }

    public InProcessCardTransport Transport { get; }

    public CnieCardClient Client { get; }

    /// <summary>Sends raw bytes and returns the status word, bypassing the client's 61XX/6CXX handling.</summary>
    public ushort RawStatus(params byte[] command)
    {
        var response = Send(command);
        return (ushort)((response[^2] << 8) | response[^1]);
    }

    public byte[] Send(params byte[] command) => Applet.Process(command);

    public void Dispose() => Applet.Dispose();
}
