using System.Security.Cryptography;
using Hawiya.Card.Apdu;
using Hawiya.Card.Profile;
using Hawiya.VirtualCard.CardFiles;

namespace Hawiya.VirtualCard.Applet;

/// <summary>
/// The eID application of a virtual CNIE, implementing docs/card-profile.md. It processes one
/// command APDU at a time, as a card does; power transitions clear the security state.
/// Thread-safe: a lock serialises commands and power events.
/// </summary>
public sealed partial class CnieApplet : IDisposable
{
    private readonly Lock _lock = new();
    private readonly ICardStateStore _store;
    private readonly ECDsa _key;
    private readonly byte[] _puk;
    private readonly byte[] _fingerprint;
    private readonly Dictionary<ushort, byte[]> _files;
    private CardPersistentState _persistent;
    private byte[] _pinBlock;
    private SessionState _session = new();

    public CnieApplet(VirtualCardFile card, ICardStateStore? store = null)
    {
        ArgumentNullException.ThrowIfNull(card);
        _store = store ?? new InMemoryCardStateStore();
        _persistent = _store.Load()
            ?? new CardPersistentState(CnieProfile.PinTries, CnieProfile.PukTries, CnieProfile.FingerprintTries, card.Pin);
        _pinBlock = PinBlock.EncodePin(_persistent.Pin);
        _puk = PinBlock.EncodePuk(card.Puk);
        _fingerprint = card.Fingerprint.ToArray();
        _key = ECDsa.Create();
        _key.ImportPkcs8PrivateKey(card.PrivateKey, out _);
        _files = new Dictionary<ushort, byte[]>
        {
            [CnieFiles.Identity] = card.Identity.ToArray(),
            [CnieFiles.Certificate] = card.Certificate.ToArray(),
        };
        if (card.Photo is not null)
        {
            _files[CnieFiles.Photo] = card.Photo.ToArray();
        }
    }

    public byte[] Atr => CnieProfile.Atr.ToArray();

    /// <summary>The try counters and PIN as the card holds them now.</summary>
    public CardPersistentState PersistentState
    {
        get
        {
            lock (_lock)
            {
                return _persistent;
            }
        }
    }

    /// <summary>Contacts powered (ISO/IEC 7816-3 §6.2.2, cold reset): a fresh session.</summary>
    public void PowerOn() => ClearSession();

    /// <summary>Contacts deactivated (ISO/IEC 7816-3 §6.4): volatile state is gone.</summary>
    public void PowerOff() => ClearSession();

    /// <summary>Warm reset (ISO/IEC 7816-3 §6.2.3): volatile state is gone.</summary>
    public void Reset() => ClearSession();

    /// <summary>Processes one command APDU and returns the response APDU (data, SW1, SW2).</summary>
    public byte[] Process(ReadOnlySpan<byte> commandApdu)
    {
        CommandApdu command;
        try
        {
            command = CommandApdu.Decode(commandApdu);
        }
        catch (ApduFormatException)
        {
            return Status(StatusWords.WrongLength);
        }

        lock (_lock)
        {
            return Dispatch(command).Encode();
        }
    }

    public void Dispose() => _key.Dispose();

    private ResponseApdu Dispatch(CommandApdu command)
    {
        // ISO/IEC 7816-4 §5.1.1: b8 set is a proprietary class; b4-b3 secure messaging;
        // b2-b1 (and b7 for the further classes) a logical channel other than 0.
        if ((command.Cla & 0x80) != 0)
        {
            return new ResponseApdu(StatusWords.ClassNotSupported);
        }

        if ((command.Cla & 0x43) != 0)
        {
            return new ResponseApdu(StatusWords.LogicalChannelNotSupported);
        }

        if ((command.Cla & 0x0C) != 0)
        {
            return new ResponseApdu(StatusWords.SecureMessagingNotSupported);
        }

        if (command.Ins == CnieInstructions.GetResponse)
        {
            return GetResponse(command);
        }

        // ISO/IEC 7816-4 §7.6.1: GET RESPONSE must follow immediately, or the data is lost.
        _session.PendingResponse = null;

        var data = command.Data.ToArray();
        var chained = (command.Cla & CnieParameters.ClaChaining) != 0;
        if (_session.Chain is { } chain)
        {
            if (chain.Ins != command.Ins || chain.P1 != command.P1 || chain.P2 != command.P2)
            {
                _session.Chain = null;
                return new ResponseApdu(StatusWords.LastCommandOfChainExpected);
            }

            data = [.. chain.Data, .. data];
            _session.Chain = null;
        }

        if (chained)
        {
            // ISO/IEC 7816-4 §5.1.1.1: only VERIFY carries data long enough to need a chain here.
            if (command.Ins != CnieInstructions.Verify)
            {
                return new ResponseApdu(StatusWords.CommandChainingNotSupported);
            }

            if (data.Length > CnieProfile.MaxTemplateLength)
            {
                return new ResponseApdu(StatusWords.WrongLength);
            }

            _session.Chain = new PendingChain(command.Ins, command.P1, command.P2, data);
            return new ResponseApdu(StatusWords.Success);
        }

        if (command.Ins == CnieInstructions.Select)
        {
            return Select(command, data);
        }

        if (!_session.ApplicationSelected)
        {
            return new ResponseApdu(command.Ins == CnieInstructions.ReadBinary
                ? StatusWords.CommandNotAllowedNoCurrentEf
                : StatusWords.ConditionsOfUseNotSatisfied);
        }

        return command.Ins switch
        {
            CnieInstructions.ReadBinary => ReadBinary(command, data),
            CnieInstructions.Verify => Verify(command, data),
            CnieInstructions.ResetRetryCounter => ResetRetryCounter(command, data),
            CnieInstructions.InternalAuthenticate => InternalAuthenticate(command, data),
            _ => new ResponseApdu(StatusWords.InstructionNotSupported),
        };
    }

    /// <summary>
    /// Returns at most Ne bytes; the rest waits for GET RESPONSE behind '61XX'
    /// (ISO/IEC 7816-4 §7.6.1). With no Le field at all, everything waits, as on T=0.
    /// </summary>
    private ResponseApdu Respond(CommandApdu command, byte[] data)
    {
        if (data.Length <= command.Ne)
        {
            return new ResponseApdu(data, StatusWords.Success);
        }

        var pending = data[command.Ne..];
        _session.PendingResponse = pending;
        return new ResponseApdu(data.AsSpan(0, command.Ne), MoreData(pending.Length));
    }

    private ResponseApdu GetResponse(CommandApdu command)
    {
        var pending = _session.PendingResponse;
        _session.PendingResponse = null;
        if (command.P1 != 0 || command.P2 != 0)
        {
            return new ResponseApdu(StatusWords.IncorrectP1P2);
        }

        if (pending is null)
        {
            return new ResponseApdu(StatusWords.ConditionsOfUseNotSatisfied);
        }

        if (command.Ne == 0)
        {
            return new ResponseApdu(StatusWords.WrongLength);
        }

        return Respond(command, pending);
    }

    private void ClearSession()
    {
        lock (_lock)
        {
            _session = new SessionState();
        }
    }

    private void SavePersistent(CardPersistentState state)
    {
        _persistent = state;
        _store.Save(state);
    }

    private static ushort MoreData(int remaining) =>
        (ushort)((StatusWords.MoreDataSw1 << 8) | (remaining >= 256 ? 0 : remaining));

    private static byte[] Status(ushort statusWord) => new ResponseApdu(statusWord).Encode();

    private sealed record PendingChain(byte Ins, byte P1, byte P2, byte[] Data);

    /// <summary>Volatile state of one card session; replaced wholesale on power off and reset.</summary>
    private sealed class SessionState
    {
        public bool ApplicationSelected { get; set; }

        public ushort? CurrentFile { get; set; }

        public bool PinVerified { get; set; }

        public bool FingerprintVerified { get; set; }

        public byte[]? PendingResponse { get; set; }

        public PendingChain? Chain { get; set; }
    }
}
