namespace Hawiya.CardReader.Pcsc;

/// <summary>SCARD_SCOPE_* (pcsclite.h).</summary>
public enum PcscScope : uint
{
    User = 0,
    Terminal = 1,
    System = 2,
}

/// <summary>SCARD_PROTOCOL_* (pcsclite.h).</summary>
[Flags]
public enum PcscProtocols : uint
{
    None = 0,
    T0 = 0x1,
    T1 = 0x2,
    Raw = 0x4,
    Any = T0 | T1,
}

/// <summary>SCARD_SHARE_* (pcsclite.h).</summary>
public enum PcscShareMode : uint
{
    Exclusive = 1,
    Shared = 2,
    Direct = 3,
}

/// <summary>SCARD_LEAVE_CARD and friends: what happens to the card when a handle lets go of it.</summary>
public enum CardDisposition : uint
{
    Leave = 0,
    Reset = 1,
    Unpower = 2,
    Eject = 3,
}

/// <summary>SCARD_STATE_* (pcsclite.h): the low 16 bits of dwEventState.</summary>
[Flags]
public enum ReaderStates : uint
{
    Unaware = 0x0000,
    Ignore = 0x0001,
    Changed = 0x0002,
    Unknown = 0x0004,
    Unavailable = 0x0008,
    Empty = 0x0010,
    Present = 0x0020,
    AtrMatch = 0x0040,
    Exclusive = 0x0080,
    InUse = 0x0100,
    Mute = 0x0200,
    Unpowered = 0x0400,
}

/// <summary>
/// One reader's state from SCardGetStatusChange. pcsc-lite keeps a card event counter in the
/// high 16 bits of dwEventState: feeding <see cref="RawEventState"/> back as the known state is
/// what lets a removal followed by an insertion between two calls still count as a change.
/// </summary>
public sealed record ReaderStatus(string Reader, ReaderStates State, int EventCount, byte[] Atr, nuint RawEventState)
{
    /// <summary>A card is in the reader and answered its reset.</summary>
    public bool IsCardPresent => State.HasFlag(ReaderStates.Present) && !State.HasFlag(ReaderStates.Mute);

    public bool IsEmpty => State.HasFlag(ReaderStates.Empty);

    public bool IsUnavailable => State.HasFlag(ReaderStates.Unknown) || State.HasFlag(ReaderStates.Unavailable);
}
