using System.Globalization;
using System.Text;
using Org.BouncyCastle.Asn1;

namespace Hawiya.Pki.Identity;

/// <summary>The identity data is malformed or not in canonical form.</summary>
public sealed class IdentityDocumentFormatException(string message, Exception? innerException = null)
    : Exception(message, innerException);

/// <summary>
/// The canonical DER encoding of <see cref="IdentityDocument"/>, the eContent of the signed data:
/// <code>
/// HawiyaIdentity ::= SEQUENCE {
///   version         INTEGER (1),
///   cardNumber      PrintableString,             -- [A-Z0-9], 6..20
///   nationalNumber  PrintableString,             -- [A-Z0-9], 4..20
///   givenNames      SEQUENCE SIZE (1..8) OF UTF8String,
///   familyName      UTF8String,
///   birthName       UTF8String,
///   gender          PrintableString (SIZE (1)),  -- "F" | "M" | "X" (ICAO 9303)
///   birthDate       PrintableString (SIZE (10)), -- "YYYY-MM-DD" (ISO 8601 calendar date)
///   birthPlace      UTF8String,
///   birthCountry    PrintableString (SIZE (3)),  -- ISO 3166-1 alpha-3
///   photoDigest     OCTET STRING (SIZE (32)),    -- SHA-256 of the photo
///   cardKeyDigest   OCTET STRING (SIZE (32)),    -- SHA-256 of the card key's SubjectPublicKeyInfo
///   validFrom       GeneralizedTime,             -- whole seconds, UTC ("Z")
///   validUntil      GeneralizedTime }
/// </code>
/// Canonical means: DER (X.690 §10), every string in Unicode NFC without control characters or
/// surrounding spaces, times in whole seconds. Decoding re-encodes and refuses any difference, so a
/// document has exactly one byte representation and a verifier sees exactly what was signed.
/// </summary>
public static class IdentityDocumentEncoding
{
    public const int Version = 1;
    private const int MaxNameLength = 100;

    public static byte[] Encode(IdentityDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var holder = document.Holder;
        if (holder.GivenNames.Count is < 1 or > 8)
        {
            throw new ArgumentException("Between one and eight given names are required.", nameof(document));
        }

        var givenNames = holder.GivenNames.Select(name => (Asn1Encodable)new DerUtf8String(Text(name, "given name"))).ToArray();
        return new DerSequence(
            DerInteger.ValueOf(Version),
            new DerPrintableString(Code(document.CardNumber, "card number", 6, 20)),
            new DerPrintableString(Code(document.NationalNumber, "national number", 4, 20)),
            new DerSequence(givenNames),
            new DerUtf8String(Text(holder.FamilyName, "family name")),
            new DerUtf8String(Text(holder.BirthName, "birth name")),
            new DerPrintableString(GenderCode(holder.Gender)),
            new DerPrintableString(holder.BirthDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
            new DerUtf8String(Text(holder.BirthPlace, "birth place")),
            new DerPrintableString(Country(holder.BirthCountry)),
            new DerOctetString(Digest(document.PhotoSha256, "photo digest")),
            new DerOctetString(Digest(document.CardKeySha256, "card key digest")),
            Time(document.ValidFrom),
            Time(document.ValidUntil)).GetDerEncoded();
    }

    /// <exception cref="IdentityDocumentFormatException">Not a canonical version 1 document.</exception>
    public static IdentityDocument Decode(ReadOnlySpan<byte> der)
    {
        IdentityDocument document;
        try
        {
            var sequence = Asn1Sequence.GetInstance(Asn1Object.FromByteArray(der.ToArray()));
            if (sequence.Count != 14)
            {
                throw new IdentityDocumentFormatException($"Expected 14 fields, found {sequence.Count}.");
            }

            if (!DerInteger.GetInstance(sequence[0]).HasValue(Version))
            {
                throw new IdentityDocumentFormatException("Unsupported identity document version.");
            }

            var givenNames = Asn1Sequence.GetInstance(sequence[3]).Select(name => DerUtf8String.GetInstance(name).GetString()).ToArray();
            var birthDate = DateOnly.ParseExact(DerPrintableString.GetInstance(sequence[7]).GetString(), "yyyy-MM-dd", CultureInfo.InvariantCulture);
            var holder = new PivotIdentity(
                givenNames,
                DerUtf8String.GetInstance(sequence[4]).GetString(),
                DerUtf8String.GetInstance(sequence[5]).GetString(),
                ParseGender(DerPrintableString.GetInstance(sequence[6]).GetString()),
                birthDate,
                DerUtf8String.GetInstance(sequence[8]).GetString(),
                DerPrintableString.GetInstance(sequence[9]).GetString());
            document = new IdentityDocument(
                DerPrintableString.GetInstance(sequence[1]).GetString(),
                DerPrintableString.GetInstance(sequence[2]).GetString(),
                holder,
                Asn1OctetString.GetInstance(sequence[10]).GetOctets(),
                Asn1OctetString.GetInstance(sequence[11]).GetOctets(),
                ParseTime(sequence[12]),
                ParseTime(sequence[13]));
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidCastException or IOException or FormatException or InvalidOperationException)
        {
            throw new IdentityDocumentFormatException("The identity data is not a valid HawiyaIdentity structure.", ex);
        }

        // SECURITY: one document, one encoding. Re-encoding also re-applies every field rule.
        byte[] canonical;
        try
        {
            canonical = Encode(document);
        }
        catch (ArgumentException ex)
        {
            throw new IdentityDocumentFormatException($"The identity data breaks a field rule: {ex.Message}", ex);
        }

        if (!canonical.AsSpan().SequenceEqual(der))
        {
            throw new IdentityDocumentFormatException("The identity data is not in canonical form.");
        }

        return document;
    }

    private static string Text(string value, string field)
    {
        ArgumentNullException.ThrowIfNull(value, field);
        var normalized = value.Normalize(NormalizationForm.FormC);
        if (normalized.Length is 0 or > MaxNameLength || normalized.Trim() != normalized || normalized.Any(char.IsControl))
        {
            throw new ArgumentException($"The {field} must be 1 to {MaxNameLength} characters, without control characters or surrounding spaces.");
        }

        return normalized;
    }

    private static string Code(string value, string field, int min, int max)
    {
        ArgumentNullException.ThrowIfNull(value, field);
        if (value.Length < min || value.Length > max || !value.All(c => char.IsAsciiDigit(c) || char.IsAsciiLetterUpper(c)))
        {
            throw new ArgumentException($"The {field} must be {min} to {max} characters among A-Z and 0-9.");
        }

        return value;
    }

    private static string Country(string value) =>
        value is { Length: 3 } && value.All(char.IsAsciiLetterUpper)
            ? value
            : throw new ArgumentException("The birth country must be an ISO 3166-1 alpha-3 code such as MAR.");

    private static byte[] Digest(byte[] value, string field) =>
        value is { Length: 32 } ? value : throw new ArgumentException($"The {field} must be a 32-byte SHA-256 value.");

    private static string GenderCode(Gender gender) => gender switch
    {
        Gender.Female => "F",
        Gender.Male => "M",
        Gender.Unspecified => "X",
        _ => throw new ArgumentException($"Unknown gender {gender}."),
    };

    private static Gender ParseGender(string code) => code switch
    {
        "F" => Gender.Female,
        "M" => Gender.Male,
        "X" => Gender.Unspecified,
        _ => throw new FormatException($"Unknown gender code '{code}'."),
    };

    private static DerGeneralizedTime Time(DateTimeOffset time) =>
        new(PkiTime.ToUtcSeconds(time).ToString("yyyyMMddHHmmss'Z'", CultureInfo.InvariantCulture));

    private static DateTimeOffset ParseTime(Asn1Encodable value) =>
        PkiTime.FromUtc(Asn1GeneralizedTime.GetInstance(value).ToDateTime().ToUniversalTime());
}
