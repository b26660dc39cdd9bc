using System.Security.Claims;
using Hawiya.Contracts.Journal;
using Hawiya.Contracts.Sessions;
using Hawiya.Contracts.Common;
using Hawiya.Receipts;
using Hawiya.Server.Oidc;
using Hawiya.Server.Oidc.Release;
using OpenIddict.Abstractions;

namespace Hawiya.Server.Citizens.Receipts;

/// <summary>What the login flow hands the journal for a receipt, and the receipt id in the ID token.</summary>
public static class UseReceipts
{
    public static ReceiptRequest Request(HttpRequest http, string sessionId, OidcSettings settings, string subject, Authentication authentication, IReadOnlyDictionary<string, string> released) => new()
    {
        SessionId = sessionId,
        Issuer = settings.Issuer?.AbsoluteUri ?? $"{http.Scheme}://{http.Host}/",
        Subject = subject,
        Acr = authentication.Level.ToAcr(),
        Amr = [.. CitizenPrincipal.AmrOf(authentication.Methods)],
        ClaimsDigest = ReceiptDigests.Claims(released),
    };

    /// <summary>The receipt id reaches the ID token only: the provider keeps it to fetch the receipt.</summary>
    public static ClaimsPrincipal WithReceipt(this ClaimsPrincipal principal, string receiptId)
    {
        var claim = new Claim(ReceiptNames.IdTokenClaim, receiptId);
        claim.SetDestinations(OpenIddictConstants.Destinations.IdentityToken);
        ((ClaimsIdentity)principal.Identity!).AddClaim(claim);
        return principal;
    }
}
