using System.Buffers.Text;
using System.Security.Cryptography;
using Hawiya.Contracts.Journal;
using Hawiya.Receipts;

namespace Hawiya.Grains.Journal;

// Proof of authentication: each use carries a receipt signed by the platform and chained to
// the citizen's previous one, written with the use in the same storage write.
public sealed partial class CitizenJournalGrain
{
    /// <summary>
    /// How many receipts keep their full JWS in the journal; older entries keep the receipt id
    /// only. Providers fetch a receipt right after the login and citizens see their recent ones;
    /// more would make every archive write heavier.
    /// </summary>
    public const int ReceiptsKept = 50;

    public async Task<string> RecordUseAsync(JournalEvent entry, ReceiptRequest receipt)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(receipt);
        if (entry.Kind != JournalEventKind.Use || entry.ClientId is null)
        {
            throw new ArgumentException("A receipt is made for a use of the identity at a provider.", nameof(entry));
        }

        var id = receipt.SessionId + ".r" + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(9));
        var jws = receipts.Sign(new Receipt
        {
            Issuer = receipt.Issuer,
            Id = id,
            ClientId = entry.ClientId,
            Subject = receipt.Subject,
            IssuedAt = entry.At,
            Acr = receipt.Acr,
            Amr = receipt.Amr,
            ClaimsDigest = receipt.ClaimsDigest,
            Previous = state.State.LastReceiptDigest,
        });
        state.State.LastReceiptDigest = ReceiptDigests.Of(jws);
        Append(entry with { ReceiptId = id, Receipt = jws });
        var raised = RaiseAlert(entry);
        // A failed write reloads the state, so the chain head goes back to the last durable receipt.
        await WriteAsync();

        await AfterAlertRaisedAsync(raised);
        return id;
    }

    /// <summary>A provider asks right after the login: the head answers without reading the archive.</summary>
    public async Task<string?> GetReceiptAsync(string receiptId) =>
        state.State.Entries.Select(e => e.Event).FirstOrDefault(e => e.ReceiptId == receiptId && e.Receipt is not null)?.Receipt
        ?? (await ViewAsync()).Select(e => e.Event).FirstOrDefault(e => e.ReceiptId == receiptId)?.Receipt;

    public async Task<StoredReceipt[]> ListReceiptsAsync() => (await ViewAsync())
        .Where(e => e.Event is { Receipt: not null, ReceiptId: not null, ClientId: not null })
        .Select(e => new StoredReceipt { ReceiptId = e.Event.ReceiptId!, ClientId = e.Event.ClientId!, At = e.Event.At, Receipt = e.Event.Receipt! })
        .ToArray();

    /// <summary>Keeps the JWS of the newest <see cref="ReceiptsKept"/> receipts in <paramref name="entries"/> (oldest first), the receipt id of older ones.</summary>
    private static void ForgetOldReceipts(List<JournalEntry> entries)
    {
        var seen = 0;
        for (var i = entries.Count - 1; i >= 0; i--)
        {
            if (entries[i].Event.Receipt is null)
            {
                continue;
            }

            if (++seen > ReceiptsKept)
            {
                entries[i] = entries[i] with { Event = entries[i].Event with { Receipt = null } };
            }
        }
    }
}
