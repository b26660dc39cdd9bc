namespace Hawiya.Card.Client;

/// <summary>
/// Carries one command APDU to a card and returns its response APDU (data and SW1 SW2).
/// Implemented by the PC/SC edge reader, the in-process virtual card, and later the phone's NFC.
/// </summary>
public interface ICardTransport
{
    byte[] Transmit(byte[] commandApdu);
}
