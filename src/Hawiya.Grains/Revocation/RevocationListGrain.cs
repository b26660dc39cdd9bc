using Hawiya.Contracts.Cards;
using Hawiya.Contracts.Common;
using Hawiya.Contracts.Revocation;
using Hawiya.Grains.Common;
using Hawiya.Pki.Revocation;
using Microsoft.Extensions.Logging;

namespace Hawiya.Grains.Revocation;

/// <summary>
/// One per issuing CA. A single activation serialises every change and every CRL number, so the
/// numbers of full and delta CRLs form one strictly increasing sequence (RFC 5280 §5.2.3) even when
/// several silos publish CRLs.
/// </summary>
public sealed partial class RevocationListGrain(
    [PersistentState("revocationlist", StorageNames.Default)] IPersistentState<RevocationListState> state,
    ILogger<RevocationListGrain> logger) : Grain, IRevocationListGrain
{
    private RevocationListState State => state.State;

    public async Task<RevocationResult> RecordAsync(string serial, RevocationChange change)
    {
        if (!IsSerial(serial))
        {
            return Fail(RevocationError.InvalidChange, "The serial must be 1 to 40 lower-case hex digits (RFC 5280 §4.1.2.2).");
        }

        State.Listed.TryGetValue(serial, out var listed);
        var permanentlyRevoked = listed is not null && listed.Reason != RevocationReason.CertificateHold;
        RevocationEntry? entry;
        RevocationEntry? deltaChange;
        switch (change.Status)
        {
            case CardStatus.Revoked:
                if (change.Reason is not { } reason || reason is RevocationReason.CertificateHold or RevocationReason.RemoveFromCrl)
                {
                    return Fail(RevocationError.InvalidChange, "A revocation needs a permanent RFC 5280 reason.");
                }

                if (permanentlyRevoked)
                {
                    // Revocation is irreversible (RFC 5280 §3.3): a repeat is a retry, another reason a conflict.
                    return listed!.Reason == reason ? Ok() : Fail(RevocationError.AlreadyRevoked, "The certificate is already revoked.");
                }

                // RFC 5280 §5.3.1: a held certificate may be revoked for good with another reason.
                entry = deltaChange = new RevocationEntry { Serial = serial, RevokedAt = change.At, Reason = reason };
                break;

            case CardStatus.Suspended:
                if (listed is not null)
                {
                    return permanentlyRevoked ? Fail(RevocationError.AlreadyRevoked, "A revoked certificate cannot be held.") : Ok();
                }

                entry = deltaChange = new RevocationEntry { Serial = serial, RevokedAt = change.At, Reason = RevocationReason.CertificateHold };
                break;

            case CardStatus.Active:
                if (listed is null)
                {
                    return Ok();
                }

                if (permanentlyRevoked)
                {
                    return Fail(RevocationError.AlreadyRevoked, "A revoked certificate cannot be released.");
                }

                // RFC 5280 §5.2.4: a released hold leaves the list and appears once as removeFromCRL in
                // the deltas, since the base CRL may list it.
                entry = null;
                deltaChange = new RevocationEntry { Serial = serial, RevokedAt = change.At, Reason = RevocationReason.RemoveFromCrl };
                break;

            default:
                return Fail(RevocationError.InvalidChange, $"A certificate cannot be published as {change.Status}.");
        }

        if (entry is null)
        {
            State.Listed.Remove(serial);
        }
        else
        {
            State.Listed[serial] = entry;
        }

        State.ChangesSinceFull[serial] = deltaChange;
        State.Version++;
        await state.WriteOrRestoreAsync(this);
        LogChanged(change.Status, State.Version);
        return Ok();
    }

    public Task<RevocationStatus> GetStatusAsync(string serial) =>
        Task.FromResult(new RevocationStatus { Entry = State.Listed.GetValueOrDefault(serial), Version = State.Version });

    public Task<long> GetVersionAsync() => Task.FromResult(State.Version);

    public Task<RevocationListView> GetEntriesAsync() =>
        Task.FromResult(new RevocationListView { Version = State.Version, Entries = [.. State.Listed.Values] });

    public async Task<CrlNumbering> NextCrlNumberAsync(CrlKind kind)
    {
        // A delta needs a base (RFC 5280 §5.2.4): before the first full CRL, issue a full one.
        var full = kind == CrlKind.Full || State.LastFullCrlNumber == 0;
        var baseNumber = State.LastFullCrlNumber;
        IReadOnlyList<RevocationEntry> entries = full ? [.. State.Listed.Values] : [.. State.ChangesSinceFull.Values];
        State.CrlNumber++;
        if (full)
        {
            State.LastFullCrlNumber = State.CrlNumber;
            State.ChangesSinceFull.Clear();
        }

        // Written before the number is used: a number is never handed out twice, even after a crash.
        await state.WriteOrRestoreAsync(this);
        return new CrlNumbering
        {
            Kind = full ? CrlKind.Full : CrlKind.Delta,
            Number = State.CrlNumber,
            BaseCrlNumber = full ? null : baseNumber,
            Entries = entries,
            Version = State.Version,
        };
    }

    private static bool IsSerial(string serial) =>
        serial is { Length: > 0 and <= 40 } && serial.All(char.IsAsciiHexDigitLower);

    private RevocationResult Ok() => new() { Error = RevocationError.None, Version = State.Version };

    private RevocationResult Fail(RevocationError error, string detail) =>
        new() { Error = error, Version = State.Version, Detail = detail };

    [LoggerMessage(Level = LogLevel.Information, Message = "Revocation list changed: certificate now {Status}, version {Version}")]
    private partial void LogChanged(CardStatus status, long version);
}
