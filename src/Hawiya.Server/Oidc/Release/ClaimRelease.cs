using System.Text.Json;
using Hawiya.Contracts.Citizens;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Hawiya.Server.Oidc.Release;

/// <summary>
/// Which attributes a provider receives: only those of scopes (or individual claims) it is
/// accredited for, that it asked for, and that the citizen consented to — never more.
/// </summary>
public sealed class ClaimRelease(IdentitySeal seal)
{
    /// <summary>
    /// The attribute claims of <paramref name="scopes"/> plus those asked
    /// for one by one (both already limited by accreditation and consent).
    /// </summary>
    public Dictionary<string, string> Release(CitizenRelease citizen, string citizenKey, IEnumerable<string> scopes, IEnumerable<string> individually)
    {
        var wanted = scopes
            .SelectMany(s => ScopeCatalog.ByName.TryGetValue(s, out var scope) ? scope.Claims : [])
            .Concat(individually)
            .ToHashSet(StringComparer.Ordinal);
        var claims = new Dictionary<string, string>(StringComparer.Ordinal);
        if (wanted.Count == 0)
        {
            return claims;
        }

        if (citizen.Email is { } email && wanted.Contains(Claims.Email))
        {
            claims[Claims.Email] = email;
            // Contact points are verified by a code when they are enrolled.
            claims[Claims.EmailVerified] = "true";
        }

        if (citizen.Phone is { } phone && wanted.Contains(Claims.PhoneNumber))
        {
            claims[Claims.PhoneNumber] = phone;
            claims[Claims.PhoneNumberVerified] = "true";
        }

        if (seal.Open(citizen.SealedIdentity, citizenKey) is { } identity)
        {
            Add(claims, wanted, Claims.GivenName, identity.GivenName);
            Add(claims, wanted, Claims.FamilyName, identity.FamilyName);
            Add(claims, wanted, Claims.Birthdate, identity.Birthdate);
            Add(claims, wanted, Claims.Gender, identity.Gender);
            Add(claims, wanted, ScopeCatalog.BirthPlace, identity.BirthPlace);
            Add(claims, wanted, ScopeCatalog.BirthCountry, identity.BirthCountry);
            Add(claims, wanted, Claims.PreferredUsername, identity.PreferredUsername);
            Add(claims, wanted, Claims.Address, identity.Address);
        }

        return claims;
    }

    /// <summary>
    /// The JSON form of claims that are not strings: the *_verified booleans and the address
    /// object (OIDC Core §5.1, §5.1.1); null for plain string claims.
    /// </summary>
    public static JsonElement? StructuredValue(string type, string value) => type switch
    {
        Claims.EmailVerified or Claims.PhoneNumberVerified => JsonSerializer.SerializeToElement(bool.Parse(value)),
        Claims.Address => JsonSerializer.SerializeToElement(new Dictionary<string, string> { ["formatted"] = value }),
        _ => null,
    };

    private static void Add(Dictionary<string, string> claims, HashSet<string> wanted, string type, string? value)
    {
        if (value is not null && wanted.Contains(type))
        {
            claims[type] = value;
        }
    }
}
