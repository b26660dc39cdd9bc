using System.Security.Claims;
using Hawiya.Contracts.Common;
using Hawiya.Contracts.Journal;
using Hawiya.Receipts;
using Hawiya.Server.Oidc;
using Hawiya.Server.Oidc.Endpoints;
using Hawiya.Server.Oidc.Release;
using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;

namespace Hawiya.Server.Citizens.Receipts;

/// <summary>
/// The citizen's journal at each login: the use and its signed, chained receipt are durable
/// (one write) once the authorization is recorded and before any token leaves; the receipt id
/// reaches the ID token only, where the provider keeps it to fetch the receipt.
/// </summary>
public sealed class UseReceipts(IGrainFactory grains, IOptions<OidcSettings> settings, TimeProvider time) : ILoginContributor
{
    public async Task RecordAsync(LoginCompletion completion)
    {
        var authentication = completion.Authentication;
        var receiptId = await grains.GetGrain<ICitizenJournalGrain>(completion.CitizenKey).RecordUseAsync(new JournalEvent
        {
            Kind = JournalEventKind.Use,
            At = time.GetUtcNow(),
            ClientId = completion.Provider.ClientId,
            Level = authentication.Level,
            Methods = authentication.Methods,
            ReleasedClaims = [.. completion.Released.Keys.Order(StringComparer.Ordinal)],
        }, new ReceiptRequest
        {
            SessionId = completion.SessionId,
            Issuer = settings.Value.Issuer?.AbsoluteUri ?? $"{completion.Http.Scheme}://{completion.Http.Host}/",
            Subject = completion.Subject,
            Acr = authentication.Level.ToAcr(),
            Amr = [.. CitizenPrincipal.AmrOf(authentication.Methods)],
            ClaimsDigest = ReceiptDigests.Claims(completion.Released),
        });
        var claim = new Claim(ReceiptNames.IdTokenClaim, receiptId);
        claim.SetDestinations(OpenIddictConstants.Destinations.IdentityToken);
        ((ClaimsIdentity)completion.Principal.Identity!).AddClaim(claim);
    }
}
