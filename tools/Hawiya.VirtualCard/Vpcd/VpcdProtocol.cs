namespace Hawiya.VirtualCard.Vpcd;

/// <summary>
/// The vsmartcard vpcd socket protocol (virtualsmartcard/src/vpcd/vpcd.c). pcscd's vpcd driver
/// listens; the virtual card connects as a TCP client. Every message in both directions is a
/// 2-byte big-endian length followed by that many bytes. A 1-byte message from the reader is a
/// control; a longer one is a command APDU, answered by one response APDU. Only "get ATR" of
/// the controls is answered.
/// </summary>
public static class VpcdProtocol
{
    /// <summary>Port of reader "Virtual PCD 00 00"; reader n listens on this port plus n.</summary>
    public const int DefaultPort = 35963;

    public const byte PowerOff = 0x00;

    public const byte PowerOn = 0x01;

    public const byte Reset = 0x02;

    /// <summary>Also vpcd's presence probe: it asks every poll interval, and no answer means "removed".</summary>
    public const byte GetAtr = 0x04;

    public const int MaxMessageLength = 0xFFFF;
}
