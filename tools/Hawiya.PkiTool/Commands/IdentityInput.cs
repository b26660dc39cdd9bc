using System.Globalization;
using System.Text.Json;
using Hawiya.Pki.Cards;
using Hawiya.Pki.Identity;

namespace Hawiya.PkiTool.Commands;

/// <summary>The identity.json read by <c>personalise</c> (camelCase, see <c>--help</c>).</summary>
internal sealed record IdentityInput(
    string? CardNumber,
    string? NationalNumber,
    string[]? GivenNames,
    string? FamilyName,
    string? BirthName,
    string? Gender,
    string? BirthDate,
    string? BirthPlace,
    string? BirthCountry,
    string? Photo,
    string? PhotoFile,
    string? Pin,
    int? ValidYears)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow };

    public static PersonalisationRequest Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new UsageException($"Identity file '{path}' does not exist.");
        }

        IdentityInput input;
        try
        {
            input = JsonSerializer.Deserialize<IdentityInput>(File.ReadAllText(path), Json)
                ?? throw new UsageException($"'{path}' holds no identity.");
        }
        catch (JsonException ex)
        {
            throw new UsageException($"'{path}' is not a valid identity file: {ex.Message}");
        }

        return input.ToRequest(Path.GetDirectoryName(Path.GetFullPath(path))!);
    }

    private PersonalisationRequest ToRequest(string baseDirectory)
    {
        var holder = new PivotIdentity(
            GivenNames is { Length: > 0 } ? GivenNames : throw Missing("givenNames"),
            FamilyName ?? throw Missing("familyName"),
            BirthName ?? FamilyName,
            ParseGender(Gender ?? throw Missing("gender")),
            DateOnly.TryParseExact(BirthDate ?? throw Missing("birthDate"), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var birthDate)
                ? birthDate
                : throw new UsageException("identity: birthDate must be YYYY-MM-DD."),
            BirthPlace ?? throw Missing("birthPlace"),
            BirthCountry ?? throw Missing("birthCountry"));
        return new PersonalisationRequest(
            CardNumber ?? throw Missing("cardNumber"),
            NationalNumber ?? throw Missing("nationalNumber"),
            holder,
            ReadPhoto(baseDirectory))
        {
            Pin = Pin,
            Validity = ValidYears is null ? TimeSpan.FromDays(3652)
                : ValidYears is >= 1 and <= 15 ? TimeSpan.FromDays(365.25 * ValidYears.Value)
                : throw new UsageException("identity: validYears must be from 1 to 15."),
        };
    }

    private byte[] ReadPhoto(string baseDirectory)
    {
        if (Photo is not null && PhotoFile is not null)
        {
            throw new UsageException("identity: give either photo (base64) or photoFile, not both.");
        }

        if (Photo is not null)
        {
            try
            {
                return Convert.FromBase64String(Photo);
            }
            catch (FormatException)
            {
                throw new UsageException("identity: photo is not valid base64.");
            }
        }

        if (PhotoFile is null)
        {
            throw new UsageException("identity: photo (base64) or photoFile is required; its digest goes into the signed identity.");
        }

        var path = Path.Combine(baseDirectory, PhotoFile);
        return File.Exists(path) ? File.ReadAllBytes(path) : throw new UsageException($"identity: photo file '{path}' does not exist.");
    }

    private static Gender ParseGender(string value) => value.ToUpperInvariant() switch
    {
        "FEMALE" or "F" => Hawiya.Pki.Identity.Gender.Female,
        "MALE" or "M" => Hawiya.Pki.Identity.Gender.Male,
        "UNSPECIFIED" or "X" => Hawiya.Pki.Identity.Gender.Unspecified,
        _ => throw new UsageException("identity: gender must be female, male or unspecified."),
    };

    private static UsageException Missing(string field) => new($"identity: {field} is required.");
}
