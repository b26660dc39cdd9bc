namespace Hawiya.Card.Profile;

/// <summary>
/// Which holder verification an INTERNAL AUTHENTICATE signature attests. Sent in P1 and signed
/// with the nonce, so the server learns from the card itself, not from the reader, whether the
/// PIN or the fingerprint was verified on-card.
/// </summary>
public enum AuthenticationGate : byte
{
    /// <summary>Card authentication only: proves the genuine card is present, not who holds it.</summary>
    None = 0x00,

    /// <summary>The PIN was verified in this card session.</summary>
    Pin = 0x01,

    /// <summary>The fingerprint matched on-card in this card session.</summary>
    Fingerprint = 0x02,
}
