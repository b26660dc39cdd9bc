using System.Security.Cryptography;
using Hawiya.Card.Bridge;
using Hawiya.Card.Client;
using Hawiya.Card.Profile;
using Hawiya.CardReader.Credentials;
using Hawiya.CardReader.Sessions;
using Hawiya.OfflineKit.Events;
using Hawiya.OfflineKit.Revocation;
using Hawiya.Pki.Cards;
using Hawiya.Pki.Identity;
using Org.BouncyCastle.X509;

namespace Hawiya.OfflineKit.Checks;

/// <summary>The result of a counter check: the outcome, the identity to show (only when accepted), and a warning.</summary>
public sealed record OfflineCheckResult(string Outcome, IdentityDocument? Identity, string? Warning, int TriesLeft = 0)
{
    public bool Accepted => Outcome is KitOutcomes.Accepted or KitOutcomes.AcceptedStaleCrl;
}

/// <summary>
/// A check at the counter without the network (docs/card-profile.md §10, offline kit):
/// authenticity first (card certificate to the root through the card CA, identity data signed by
/// the document signer and bound to this card's key, and the card proving it holds that key),
/// then the holder (PIN or fingerprint matched on the card, one gated signature), then revocation
/// from the cached CRLs under the stale-CRL policy. Every check, accepted or not, is queued as a signed event.
/// </summary>
public sealed class OfflineChecker(
    X509Certificate root,
    X509Certificate cardCa,
    CrlCache crls,
    StaleCrlPolicy policy,
    EventQueue queue,
    ReaderCredential credential,
    TimeProvider time)
{
    public OfflineCheckResult Check(CardSession card, AuthenticationGate gate, string? pin, byte[]? fingerprint)
    {
        ArgumentNullException.ThrowIfNull(card);
        var serial = "unknown";
        var result = Run(card, gate, pin, fingerprint, ref serial);
        queue.Enqueue(new KitEvent(Guid.CreateVersion7(time.GetUtcNow()).ToString(), credential.Name, time.GetUtcNow(), result.Outcome, serial, gate.ToString()), credential);
        return result;
    }

    private OfflineCheckResult Run(CardSession card, AuthenticationGate gate, string? pin, byte[]? fingerprint, ref string serial)
    {
        AuthenticCard authentic;
        try
        {
            authentic = new CardAuthenticity(root, cardCa, time).Verify(card.Client.ReadCertificate(), card.ReadIdentity());
            serial = authentic.Serial;
        }
        catch (CardAuthenticityException e)
        {
            return new(KitOutcomes.NotAuthentic, null, e.Message);
        }

        var holder = gate switch
        {
            AuthenticationGate.Pin when pin is not null && PinBlock.IsValidPin(pin) => card.VerifyPin(pin),
            AuthenticationGate.Fingerprint when fingerprint is { Length: > 0 } => card.VerifyFingerprint(fingerprint),
            AuthenticationGate.None => new VerificationResult(VerificationStatus.Verified, 0),
            _ => new VerificationResult(VerificationStatus.Rejected, 0),
        };
        if (!holder.IsVerified)
        {
            return new(KitOutcomes.HolderRefused, null, holder.Status == VerificationStatus.Blocked ? "blocked" : null, holder.TriesLeft);
        }

        // SECURITY: copied files prove nothing; the card signs a fresh nonce with the key its
        // certificate names, gated by the holder check just made (docs/card-profile.md §7).
        var nonce = RandomNumberGenerator.GetBytes(32);
        using (var key = authentic.PublicKey())
        {
            if (!CardAuthentication.Verify(key, gate, nonce, card.SignNonce(nonce, gate)))
            {
                return new(KitOutcomes.NotAuthentic, null, "The card does not hold the key of its certificate.");
            }
        }

        var cached = crls.Check(System.Numerics.BigInteger.Parse("0" + serial, System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture));
        switch (cached.Status)
        {
            case CachedStatus.Revoked:
                return new(KitOutcomes.Revoked, null, "The card is revoked.");
            case CachedStatus.Suspended:
                return new(KitOutcomes.Suspended, null, "The card is suspended.");
            case CachedStatus.Unknown:
                return new(KitOutcomes.StaleCrl, null, "No CRL is cached: refresh the kit online.");
        }

        if (!cached.Stale)
        {
            return new(KitOutcomes.Accepted, authentic.Identity, null);
        }

        var late = time.GetUtcNow() - cached.NextUpdate!.Value;
        return policy.Mode == StaleCrlMode.AcceptWithWarning && late <= policy.Grace
            ? new(KitOutcomes.AcceptedStaleCrl, authentic.Identity, $"The cached CRL is {late.TotalHours:F1} h past its next update: revocations since then are not known.")
            : new(KitOutcomes.StaleCrl, null, "The cached CRL is past its next update: refresh the kit online.");
    }
}
