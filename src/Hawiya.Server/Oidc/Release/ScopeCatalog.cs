using System.Collections.Frozen;
using static OpenIddict.Abstractions.OpenIddictConstants;
using OpenIddictClaims = OpenIddict.Abstractions.OpenIddictConstants.Claims;

namespace Hawiya.Server.Oidc.Release;

/// <summary>A scope, the claims it releases (OIDC Core §5.4), and how the consent page names it.</summary>
public sealed record ScopeDefinition(string Name, string[] Claims, string French, string English, string Arabic);

/// <summary>
/// The scopes Hawiya serves and the claims each releases: protocol constants (OIDC Core §5.4),
/// the same for every provider and every silo. Their consent-page texts start from here and
/// are kept in scope grains; each provider's grain says which scopes it may ask for.
/// </summary>
public static class ScopeCatalog
{
    public const string BirthPlace = "birthplace";
    public const string BirthCountry = "birthcountry";
    public const string CitizenScope = "hawiya.citizen";

    public static readonly ScopeDefinition[] All =
    [
        new(Scopes.OpenId, [], "Votre identifiant pour ce service", "Your identifier for this service", "معرّفك لدى هذه الخدمة"),
        new(Scopes.Profile,
            [OpenIddictClaims.GivenName, OpenIddictClaims.FamilyName, OpenIddictClaims.Birthdate, OpenIddictClaims.Gender, BirthPlace, BirthCountry, OpenIddictClaims.PreferredUsername],
            "Votre identité : prénoms, nom, date, lieu et pays de naissance, sexe", "Your identity: given names, family name, date, place and country of birth, gender", "هويتك: الاسم الشخصي والعائلي وتاريخ ومكان وبلد الازدياد والجنس"),
        new(Scopes.Email, [OpenIddictClaims.Email, OpenIddictClaims.EmailVerified], "Votre adresse électronique", "Your email address", "بريدك الإلكتروني"),
        new(Scopes.Phone, [OpenIddictClaims.PhoneNumber, OpenIddictClaims.PhoneNumberVerified], "Votre numéro de téléphone", "Your phone number", "رقم هاتفك"),
        new(Scopes.Address, [OpenIddictClaims.Address], "Votre adresse postale", "Your postal address", "عنوانك البريدي"),
        new(Scopes.OfflineAccess, [], "Rester connecté à ce service", "Stay connected to this service", "البقاء متصلا بهذه الخدمة"),
        // Reserved to the citizen portal: the citizen API accepts it only in tokens issued to that client.
        new(CitizenScope, [], "Gérer votre identité numérique : activité, consentements, méthodes, gel", "Manage your digital identity: activity, consents, methods, freezing", "إدارة هويتك الرقمية: النشاط والموافقات والطرق والتجميد"),
    ];

    public static readonly FrozenDictionary<string, ScopeDefinition> ByName = All.ToFrozenDictionary(s => s.Name, StringComparer.Ordinal);

    /// <summary>The built-in consent-page texts of a scope, until operators set others in its grain.</summary>
    public static Hawiya.Contracts.Scopes.ScopeDescription DefaultDescription(string name)
    {
        var scope = ByName[name];
        return new() { Name = scope.Name, French = scope.French, English = scope.English, Arabic = scope.Arabic };
    }

    /// <summary>Every claim a scope can release, for the discovery document's <c>claims_supported</c>.</summary>
    public static readonly string[] SupportedClaims =
    [
        OpenIddictClaims.Subject, OpenIddictClaims.AuthenticationContextReference, OpenIddictClaims.AuthenticationMethodReference, OpenIddictClaims.AuthenticationTime,
        .. All.SelectMany(s => s.Claims),
    ];
}
