using System.Net.Http.Json;
using System.Text.Json;
using Hawiya.Card.Bridge;
using Hawiya.CardReader.Credentials;

namespace Hawiya.OfflineKit.Events;

/// <summary>
/// The kit's durable queue of signed events: one file per event, written to a temporary name,
/// flushed to disk, then renamed, so a power cut leaves either the whole event or none. An event
/// leaves the queue only when the cluster acknowledged its id; sending one twice is harmless,
/// because the cluster counts each id once. So no event is lost and none is counted twice.
/// </summary>
public sealed class EventQueue
{
    private const string Extension = ".event.json";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly string _directory;

    public EventQueue(string directory)
    {
        _directory = directory;
        Directory.CreateDirectory(directory);
    }

    /// <summary>Events waiting to be synced, oldest first.</summary>
    public IReadOnlyList<string> Pending() =>
        Directory.EnumerateFiles(_directory, "*" + Extension).Order(StringComparer.Ordinal).ToArray();

    /// <summary>Signs and stores one event; returns once it is on disk.</summary>
    public void Enqueue(KitEvent kitEvent, ReaderCredential credential)
    {
        ArgumentNullException.ThrowIfNull(credential);
        var signed = SignedKitEvent.Sign(kitEvent, credential.Key);
        // The name sorts by time, then by id: the order of the checks survives on disk.
        var name = $"{kitEvent.At.UtcTicks:D20}-{kitEvent.Id}{Extension}";
        Revocation.CrlCache.AtomicWrite(Path.Combine(_directory, name), JsonSerializer.SerializeToUtf8Bytes(signed, Json));
    }

    /// <summary>
    /// Sends the queue in batches to <c>POST /edge/events</c> and deletes what each answer
    /// acknowledges. Returns how many events the cluster recorded as new. An interruption leaves
    /// the unacknowledged events queued for the next call.
    /// </summary>
    public async Task<int> SyncAsync(HttpClient http, Uri server, ReaderCredential credential, int batchSize = 100, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(credential);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(batchSize, KitEventBatch.MaxEvents);
        var recorded = 0;
        while (Pending() is { Count: > 0 } pending)
        {
            var files = pending.Take(batchSize).ToArray();
            var events = files.Select(f => JsonSerializer.Deserialize<SignedKitEvent>(File.ReadAllBytes(f), Json)!).ToArray();
            var ids = events.Select(e => KitEvent.FromPayload(e.Payload)?.Id).ToArray();
            using var response = await http.PostAsJsonAsync(new Uri(server, "/edge/events"), new KitEventBatch(credential.ChainDer(), events), Json, cancellationToken).ConfigureAwait(false);
            response.EnsureSuccessStatusCode();
            var receipt = await response.Content.ReadFromJsonAsync<KitEventReceipt>(Json, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidDataException("The cluster's receipt is empty.");
            var acknowledged = receipt.Acknowledged.ToHashSet(StringComparer.Ordinal);
            for (var i = 0; i < files.Length; i++)
            {
                if (ids[i] is { } id && acknowledged.Contains(id))
                {
                    File.Delete(files[i]);
                }
            }

            recorded += receipt.Recorded;
            if (!files.Any(f => !File.Exists(f)))
            {
                throw new InvalidDataException("The cluster acknowledged none of the events sent.");
            }
        }

        return recorded;
    }
}
