using System.Security.Cryptography;
using Hawiya.Pki.Hierarchy;
using Hawiya.Pki.Identity;
using Hawiya.Pki.Keys;

namespace Hawiya.Pki.Cards;

/// <summary>
/// Personalises a card: a card key pair, its certificate from the card CA, and identity data signed
/// by the document signer and bound to that key.
/// </summary>
public sealed class CardPersonaliser
{
    private readonly CardCertificateIssuer _certificates;
    private readonly IdentityDocumentSigner _signer;
    private readonly TimeProvider _time;

    public CardPersonaliser(PkiHierarchy hierarchy, TimeProvider time, CardCertificateOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(hierarchy);
        ArgumentNullException.ThrowIfNull(time);
        _certificates = new CardCertificateIssuer(hierarchy.CardCa, time, options);
        _signer = new IdentityDocumentSigner(hierarchy.DocumentSigner);
        _time = time;
    }

    /// <exception cref="ArgumentException">A field of the request is out of its allowed form.</exception>
    public CardFile Personalise(PersonalisationRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(request.Photo);
        if (request.Photo.Length is 0 or > PersonalisationRequest.MaxPhotoBytes)
        {
            throw new ArgumentException($"The photo must be 1 to {PersonalisationRequest.MaxPhotoBytes} bytes.", nameof(request));
        }

        if (request.Pin is not null && !CardFile.IsDigits(request.Pin, 4, 8))
        {
            throw new ArgumentException("The PIN must be 4 to 8 digits.", nameof(request));
        }

        if (request.Fingerprint is { Length: 0 or > PersonalisationRequest.MaxFingerprintBytes })
        {
            throw new ArgumentException($"The fingerprint template must be 1 to {PersonalisationRequest.MaxFingerprintBytes} bytes.", nameof(request));
        }

        if (request.Validity <= TimeSpan.Zero)
        {
            throw new ArgumentException("The card validity must be positive.", nameof(request));
        }

        var validFrom = PkiTime.Truncate(request.ValidFrom ?? _time.GetUtcNow());
        var validUntil = PkiTime.Truncate(validFrom + request.Validity);

        using var cardKey = KeyConversions.NewP256();
        var spki = cardKey.ExportSubjectPublicKeyInfo();
        var document = new IdentityDocument(
            request.CardNumber,
            request.NationalNumber,
            request.Holder,
            SHA256.HashData(request.Photo),
            SHA256.HashData(spki),
            validFrom,
            validUntil);
        // Sign first: it validates every identity field before a certificate is spent on the card.
        var identity = _signer.Sign(document);
        var certificate = _certificates.Issue(request.CardNumber, spki, validUntil, validFrom);

        return new CardFile(
            request.CardNumber,
            request.NationalNumber,
            identity,
            certificate.GetEncoded(),
            cardKey.ExportPkcs8PrivateKey(),
            request.Pin ?? RandomDigits(6),
            RandomDigits(8),
            request.Fingerprint ?? RandomNumberGenerator.GetBytes(32),
            request.Photo);
    }

    // SECURITY: PIN and PUK come from the CSPRNG; a guessable PUK would undo the PIN retry limit.
    private static string RandomDigits(int count) =>
        string.Create(count, 0, static (span, _) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = (char)('0' + RandomNumberGenerator.GetInt32(10));
            }
        });
}
