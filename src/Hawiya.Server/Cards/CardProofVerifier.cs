using System.Globalization;
using Hawiya.Card.Profile;
using Hawiya.Contracts.Cards;
using Hawiya.Contracts.Common;
using Hawiya.Contracts.Sessions;
using Hawiya.Pki.Cards;
using Hawiya.Pki.Identity;
using Hawiya.Server.Oidc.Release;

namespace Hawiya.Server.Cards;

/// <summary>What a card sent back: its certificate, its signed identity data, its signature over the nonce.</summary>
public sealed record CardAnswer(byte[] Certificate, byte[] Identity, byte[] Signature);

/// <summary>The outcome of checking a card answer: a proof for the session, or why not.</summary>
public sealed record CardVerification(CardProof? Proof, CardLoginFailure Failure);

/// <summary>
/// Checks a card's answer to a login nonce (docs/card-profile.md §10, online): the card
/// certificate's chain (card CA → root), the signature over the nonce with the gate of the method
/// asked, the identity data's signature (document signer → root) and its binding to this card's
/// key, and the card grain's status for that very certificate.
/// </summary>
public sealed class CardProofVerifier(CardTrust trust, IGrainFactory grains, PseudonymKeys keys, TimeProvider time)
{
    public static AuthenticationGate GateOf(AuthMethod method) => method switch
    {
        AuthMethod.CardPin => AuthenticationGate.Pin,
        AuthMethod.CardFingerprint => AuthenticationGate.Fingerprint,
        AuthMethod.Card => AuthenticationGate.None,
        _ => throw new ArgumentOutOfRangeException(nameof(method), method, "Not a card method."),
    };

    public async Task<CardVerification> VerifyAsync(CardSigningRequest request, CardAnswer answer)
    {
        AuthenticCard card;
        try
        {
            card = trust.Cards.Verify(answer.Certificate, answer.Identity);
        }
        catch (CardAuthenticityException)
        {
            return new(null, CardLoginFailure.ProofInvalid);
        }

        // SECURITY: the gate byte is signed by the card, so a reader cannot pass off a signature made
        // without the PIN as a PIN-verified one (docs/card-profile.md §7).
        using (var publicKey = card.PublicKey())
        {
            if (!CardAuthentication.Verify(publicKey, GateOf(request.Method), request.Nonce, answer.Signature))
            {
                return new(null, CardLoginFailure.ProofInvalid);
            }
        }

        var status = await grains.GetGrain<ICardGrain>(keys.Card(card.Identity.CardNumber)).GetAsync();
        if (!status.IsUsableAt(time.GetUtcNow()) || status.Issue is not { } issue || issue.CertificateSerial != card.Serial)
        {
            return new(null, CardLoginFailure.CardNotUsable);
        }

        return new(new CardProof
        {
            Method = request.Method,
            Nonce = request.Nonce,
            HolderKey = issue.HolderKey,
            Attributes = Claims(card.Identity.Holder),
        }, CardLoginFailure.None);
    }

    /// <summary>The pivot identity as OIDC claims (OIDC Core §5.1): names, birth date, gender, birth place and country.</summary>
    public static Dictionary<string, string> Claims(Hawiya.Pki.Identity.PivotIdentity holder) => new(StringComparer.Ordinal)
    {
        [OpenIddict.Abstractions.OpenIddictConstants.Claims.GivenName] = string.Join(' ', holder.GivenNames),
        [OpenIddict.Abstractions.OpenIddictConstants.Claims.FamilyName] = holder.FamilyName,
        [OpenIddict.Abstractions.OpenIddictConstants.Claims.Birthdate] = holder.BirthDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        [OpenIddict.Abstractions.OpenIddictConstants.Claims.Gender] = holder.Gender switch
        {
            Gender.Female => "female",
            Gender.Male => "male",
            _ => "other",
        },
        [ScopeCatalog.BirthPlace] = holder.BirthPlace,
        [ScopeCatalog.BirthCountry] = holder.BirthCountry,
    };
}
