using Hawiya.Contracts.Cards;
using Hawiya.Contracts.Journal;

namespace Hawiya.Grains.Cards;

// A revoked card is a security event in its holder's journal, and so an alert, whoever revoked it.
public sealed partial class CardGrain
{
    private async Task JournalRevocationAsync(CardRevocationCause cause)
    {
        if (State.Issue is not { } issue)
        {
            return;
        }

        await GrainFactory.GetGrain<ICitizenJournalGrain>(issue.HolderKey).RecordAsync(new JournalEvent
        {
            Kind = JournalEventKind.CardStatusChanged,
            At = time.GetUtcNow(),
            Detail = $"{CardStatus.Revoked}:{cause}",
        });
    }
}
