using System.Security.Cryptography;

namespace Hawiya.Pki.Identity;

/// <summary>Sex as printed on travel documents (ICAO 9303 part 4: F, M, or X for unspecified).</summary>
public enum Gender
{
    Female,
    Male,
    Unspecified,
}

/// <summary>
/// The pivot identity: the attributes every service receives the same way (FranceConnect's
/// "identité pivot"), here read from the card.
/// </summary>
/// <param name="BirthCountry">ISO 3166-1 alpha-3, as in ICAO 9303 nationality fields (e.g. "MAR").</param>
public sealed record PivotIdentity(
    IReadOnlyList<string> GivenNames,
    string FamilyName,
    string BirthName,
    Gender Gender,
    DateOnly BirthDate,
    string BirthPlace,
    string BirthCountry);

/// <summary>
/// The identity data stored on a card and signed by the document signer, the counterpart of an
/// ICAO 9303 Document Security Object.
/// </summary>
/// <param name="PhotoSha256">SHA-256 of the photo bytes stored on the card.</param>
/// <param name="CardKeySha256">
/// SHA-256 of the DER SubjectPublicKeyInfo of the card's authentication key. It binds the data to
/// one chip, as ICAO's DG15 does: identity data copied onto another card will not match that card's key.
/// </param>
public sealed record IdentityDocument(
    string CardNumber,
    string NationalNumber,
    PivotIdentity Holder,
    byte[] PhotoSha256,
    byte[] CardKeySha256,
    DateTimeOffset ValidFrom,
    DateTimeOffset ValidUntil)
{
    /// <summary>True when <paramref name="photo"/> is the photo this document vouches for.</summary>
    public bool MatchesPhoto(ReadOnlySpan<byte> photo) =>
        CryptographicOperations.FixedTimeEquals(SHA256.HashData(photo), PhotoSha256);

    /// <summary>True when <paramref name="subjectPublicKeyInfo"/> (DER) is the key of the card this document belongs to.</summary>
    public bool MatchesCardKey(ReadOnlySpan<byte> subjectPublicKeyInfo) =>
        CryptographicOperations.FixedTimeEquals(SHA256.HashData(subjectPublicKeyInfo), CardKeySha256);

    public bool IsValidAt(DateTimeOffset time) => time >= ValidFrom && time <= ValidUntil;
}
