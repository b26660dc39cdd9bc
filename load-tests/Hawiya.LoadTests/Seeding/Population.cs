using System.Globalization;

namespace Hawiya.LoadTests.Seeding;

/// <summary>A seeded citizen as the load generator knows it: everything derives from its index.</summary>
public sealed record CitizenProfile(
    int Index,
    string NationalNumber,
    string Phone,
    string Email,
    string GivenName,
    string FamilyName,
    string Birthdate,
    string Gender)
{
    /// <summary>The claims each scope must release for this citizen (the seeded identity, OIDC Core §5.4).</summary>
    public IReadOnlyDictionary<string, string> ClaimsFor(IEnumerable<string> scopes)
    {
        var claims = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var scope in scopes)
        {
            switch (scope)
            {
                case "profile":
                    claims["given_name"] = GivenName;
                    claims["family_name"] = FamilyName;
                    claims["birthdate"] = Birthdate;
                    claims["gender"] = Gender;
                    claims["birthplace"] = Population.BirthPlace;
                    claims["birthcountry"] = Population.BirthCountry;
                    break;
                case "email":
                    claims["email"] = Email;
                    claims["email_verified"] = "true";
                    break;
                case "phone":
                    claims["phone_number"] = Phone;
                    claims["phone_number_verified"] = "true";
                    break;
            }
        }

        return claims;
    }
}

/// <summary>A seeded service provider: client id, secret, sector and redirect URI.</summary>
public sealed record ProviderProfile(int Index, string ClientId, string Secret, string Sector, string RedirectUri);

/// <summary>
/// The synthetic population shared by <c>seed</c> and <c>run</c>: both derive every citizen
/// and provider from the same prefix and index, so a run needs no list from the seeding.
/// Each attribute carries the index, so a login that returns another citizen's claims is seen.
/// </summary>
public sealed class Population
{
    public const string BirthPlace = "Rabat";
    public const string BirthCountry = "MAR";

    /// <summary>National numbers are the prefix and seven digits; phones +2126 then 9 and seven digits (demo citizens use +2126000000nn).</summary>
    public const int MaxCitizens = 10_000_000;

    public Population(string prefix, int citizens, int providers, string clientSecret)
    {
        if (prefix.Length is < 1 or > 12 || !prefix.All(char.IsAsciiLetterOrDigit))
        {
            throw new ArgumentException("The prefix is 1 to 12 ASCII letters or digits.", nameof(prefix));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(citizens, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(citizens, MaxCitizens);
        ArgumentOutOfRangeException.ThrowIfLessThan(providers, 1);
        Prefix = prefix.ToUpperInvariant();
        Citizens = citizens;
        Providers = providers;
        ClientSecret = clientSecret;
    }

    public string Prefix { get; }

    public int Citizens { get; }

    public int Providers { get; }

    public string ClientSecret { get; }

    public CitizenProfile Citizen(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Citizens);
        var n = index.ToString("D7", CultureInfo.InvariantCulture);
        return new CitizenProfile(
            index,
            Prefix + n,
            "+21269" + n,
            $"{Prefix.ToLowerInvariant()}{n}@load.hawiya.local",
            "Given" + n,
            "Family" + n,
            new DateOnly(1950, 1, 1).AddDays(index % 20_000).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            index % 2 == 0 ? "female" : "male");
    }

    /// <summary>
    /// Providers alternate between two sectors, so pairs of providers share pairwise subjects
    /// and the run checks that they do.
    /// </summary>
    public ProviderProfile Provider(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Providers);
        var clientId = $"{Prefix.ToLowerInvariant()}-sp-{index}";
        return new ProviderProfile(index, clientId, ClientSecret, $"sector-{index % 2}.{Prefix.ToLowerInvariant()}.load.hawiya.local", $"http://127.0.0.1:9/callback/{clientId}");
    }
}
