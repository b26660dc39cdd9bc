using System.Security.Cryptography;
using Hawiya.Card.Bridge;
using Hawiya.Contracts.Readers;
using Hawiya.Pki.Hierarchy;
using Org.BouncyCastle.X509;

namespace Hawiya.Server.Cards;

/// <summary>
/// <c>POST /edge/events</c>: an offline kit, back online, hands over the checks it queued. The
/// request is authenticated by the reader credential: the chain must lead to the reader CA, and
/// every event must be signed by that reader's key and name that reader. Event ids make a retry
/// after a lost answer harmless: the reader grain counts each id once.
/// </summary>
public static class KitEventsEndpoint
{
    public static async Task<IResult> HandleAsync(KitEventBatch? batch, CardTrust trust, IGrainFactory grains)
    {
        if (batch is not { Chain.Length: > 0, Events: not null })
        {
            return Invalid("The body is a JSON object with 'chain' (base64 DER certificates) and 'events'.");
        }

        if (batch.Events.Length > KitEventBatch.MaxEvents)
        {
            return Invalid($"At most {KitEventBatch.MaxEvents} events per request.");
        }

        X509Certificate leaf;
        string reader;
        try
        {
            (leaf, reader) = trust.ValidateReader(batch.Chain);
        }
        catch (CertificateValidationException e)
        {
            return Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "invalid_reader", detail: e.Message);
        }

        using var key = ECDsa.Create();
        key.ImportSubjectPublicKeyInfo(SubjectPublicKeyInfoFactory.CreateSubjectPublicKeyInfo(leaf.GetPublicKey()).GetDerEncoded(), out _);
        var events = new List<ReaderEvent>(batch.Events.Length);
        for (var i = 0; i < batch.Events.Length; i++)
        {
            var signed = batch.Events[i];
            if (signed?.Payload is null || signed.Signature is null || !signed.Verify(key))
            {
                return Invalid($"Event {i} is not signed by this reader's credential.");
            }

            if (KitEvent.FromPayload(signed.Payload) is not { } item
                || item.Reader != reader
                || !Guid.TryParse(item.Id, out _)
                || !KitOutcomes.All.Contains(item.Outcome))
            {
                return Invalid($"Event {i} is malformed, names another reader, or has an unknown outcome.");
            }

            events.Add(new ReaderEvent { Id = item.Id, At = item.At, Outcome = item.Outcome });
        }

        var recorded = await grains.GetGrain<IEdgeReaderGrain>(reader).RecordEventsAsync([.. events]);
        return Results.Ok(new KitEventReceipt([.. events.Select(e => e.Id)], recorded));
    }

    private static IResult Invalid(string detail) =>
        Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "invalid_request", detail: detail);
}
