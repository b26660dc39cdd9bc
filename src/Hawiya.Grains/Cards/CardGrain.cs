using Hawiya.Contracts.Cards;
using Hawiya.Contracts.Citizens;
using Hawiya.Contracts.Common;
using Hawiya.Contracts.Revocation;
using Hawiya.Grains.Common;
using Hawiya.Pki.Revocation;
using Microsoft.Extensions.Logging;

namespace Hawiya.Grains.Cards;

public sealed partial class CardGrain(
    [PersistentState("card", StorageNames.Default)] IPersistentState<CardState> state,
    TimeProvider time,
    ILogger<CardGrain> logger) : Grain, ICardGrain
{
    private CardState State => state.State;

    public Task<CardSnapshot> GetAsync() => Task.FromResult(State.ToSnapshot());

    public async Task<CardResult> IssueAsync(CardIssue issue)
    {
        if (Validate(issue) is { } invalid)
        {
            return Fail(CardError.InvalidIssue, invalid);
        }

        if (State.Issue is { } existing)
        {
            // Re-issuing the very same card is a harmless retry; anything else is a conflict.
            var same = existing.HolderKey == issue.HolderKey && existing.CertificateSerial == issue.CertificateSerial;
            if (!same)
            {
                return Fail(CardError.Conflict, "This card was issued with another holder or certificate.");
            }
        }
        else
        {
            State.Issue = issue;
            State.Status = CardStatus.Active;
            State.StatusChangedAt = time.GetUtcNow();
            await state.WriteOrRestoreAsync(this);
            LogIssued();
        }

        // Idempotent on the citizen side, so a retry after a failure here completes the link.
        await GrainFactory.GetGrain<ICitizenGrain>(issue.HolderKey).AttachCardAsync(this.GetPrimaryKeyString());
        return Ok();
    }

    public Task<CardResult> SuspendAsync() => ChangeStatusAsync(CardStatus.Suspended, CardStatus.Active);

    public Task<CardResult> ResumeAsync() => ChangeStatusAsync(CardStatus.Active, CardStatus.Suspended);

    public async Task<CardResult> RevokeAsync(CardRevocationCause cause)
    {
        if (State.Status == CardStatus.Revoked)
        {
            // A retry after a failed report completes it; only the same cause counts as a retry.
            if (State.RevocationCause != cause)
            {
                return Fail(CardError.ForbiddenTransition, "A card that is Revoked cannot be revoked.");
            }

            await PublishStatusAsync();
            await RevokeHolderSessionsAsync(cause);
            return Ok();
        }

        if (State.Status is not (CardStatus.Active or CardStatus.Suspended))
        {
            return Fail(CardError.ForbiddenTransition, $"A card that is {State.Status} cannot be revoked.");
        }

        State.Status = CardStatus.Revoked;
        State.RevocationCause = cause;
        State.RevocationReason = cause.ToRevocationReason();
        State.StatusChangedAt = time.GetUtcNow();
        await state.WriteOrRestoreAsync(this);
        LogRevoked(State.RevocationReason.Value);
        await PublishStatusAsync();
        await RevokeHolderSessionsAsync(cause);
        await JournalRevocationAsync(cause);
        return Ok();
    }

    private async Task<CardResult> ChangeStatusAsync(CardStatus target, CardStatus requiredFrom)
    {
        if (State.Status == target)
        {
            // Repeating the operation is how a caller completes one whose report failed.
            await PublishStatusAsync();
            return Ok();
        }

        if (State.Status != requiredFrom)
        {
            return Fail(CardError.ForbiddenTransition, $"A card that is {State.Status} cannot become {target}.");
        }

        State.Status = target;
        State.StatusChangedAt = time.GetUtcNow();
        await state.WriteOrRestoreAsync(this);
        await PublishStatusAsync();
        return Ok();
    }

    /// <summary>
    /// SECURITY: a lost or stolen card, or a death, ends every session of the holder at once
    /// (single sign-on, refresh tokens, access tokens naming them). A card superseded by a new
    /// one says nothing against the sessions.
    /// </summary>
    private Task RevokeHolderSessionsAsync(CardRevocationCause cause) =>
        cause is not CardRevocationCause.Superseded && State.Issue is { } issue
            ? GrainFactory.GetGrain<ICitizenGrain>(issue.HolderKey).RevokeAllSessionsAsync()
            : Task.CompletedTask;

    /// <summary>
    /// Reports the card's status to the card CA's revocation list before the operation reports
    /// success, so OCSP and CRLs never lag a success the caller saw. If the report throws, the card
    /// keeps its new status and the operation fails; repeating it reports again (the list ignores
    /// repeats), which completes it.
    /// </summary>
    private async Task PublishStatusAsync()
    {
        if (State.Issue is not { } issue || State.Status is not (CardStatus.Active or CardStatus.Suspended or CardStatus.Revoked))
        {
            return;
        }

        var change = new RevocationChange
        {
            Status = State.Status,
            Reason = State.RevocationReason,
            At = State.StatusChangedAt ?? time.GetUtcNow(),
        };
        var result = await GrainFactory.GetGrain<IRevocationListGrain>(RevocationLists.CardCa).RecordAsync(issue.CertificateSerial, change);
        if (result.Error == RevocationError.AlreadyRevoked)
        {
            // SECURITY: the certificate is already revoked for good, which is the fail-closed
            // outcome; the card's own status is still the one the caller asked for.
            LogListedAsRevoked();
        }
        else if (!result.Succeeded)
        {
            throw new InvalidOperationException($"The revocation list refused the card's status: {result.Error}.");
        }
    }

    private static string? Validate(CardIssue issue)
    {
        if (string.IsNullOrEmpty(issue.HolderKey))
        {
            return "The holder is missing.";
        }

        if (issue.CertificateSerial.Length is 0 or > 40 || !issue.CertificateSerial.All(char.IsAsciiHexDigitLower))
        {
            return "The certificate serial must be 1 to 40 lower-case hex digits (RFC 5280 §4.1.2.2).";
        }

        if (issue.Certificate.Length == 0)
        {
            return "The certificate is missing.";
        }

        return issue.NotBefore < issue.NotAfter ? null : "The validity period is empty.";
    }

    private CardResult Ok() => new() { Error = CardError.None, Snapshot = State.ToSnapshot() };

    private CardResult Fail(CardError error, string detail) =>
        new() { Error = error, Snapshot = State.ToSnapshot(), Detail = detail };

    [LoggerMessage(Level = LogLevel.Information, Message = "Card issued")]
    private partial void LogIssued();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Card revoked, reason {Reason}")]
    private partial void LogRevoked(RevocationReason reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Card certificate already revoked for good on the revocation list; status kept")]
    private partial void LogListedAsRevoked();
}
