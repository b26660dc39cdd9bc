using System.Globalization;
using System.Text.Json;
using static Hawiya.SampleProvider.Pages.Html;

namespace Hawiya.SampleProvider.Pages;

/// <summary>How claims are shown: the claim name as sent, a French label, and a readable value.</summary>
internal static class ClaimDisplay
{
    /// <summary>Claims whose value is a NumericDate (RFC 7519 §2).</summary>
    private static readonly HashSet<string> Dates = new(StringComparer.Ordinal) { "exp", "iat", "nbf", "auth_time", "updated_at" };

    /// <summary>OIDC Core §5.1 standard claims and the pivot identity, in French.</summary>
    private static readonly Dictionary<string, string> Labels = new(StringComparer.Ordinal)
    {
        ["iss"] = "émetteur",
        ["aud"] = "destinataire (client_id)",
        ["exp"] = "expire le",
        ["iat"] = "émis le",
        ["nbf"] = "valable à partir du",
        ["auth_time"] = "authentifié le",
        ["nonce"] = "nonce (anti-rejeu)",
        ["azp"] = "partie autorisée",
        ["sid"] = "session chez Hawiya",
        ["at_hash"] = "empreinte de l'access token",
        ["c_hash"] = "empreinte du code",
        ["given_name"] = "prénoms",
        ["family_name"] = "nom de naissance",
        ["preferred_username"] = "nom d'usage",
        ["name"] = "nom complet",
        ["gender"] = "sexe",
        ["birthdate"] = "date de naissance",
        ["birthplace"] = "lieu de naissance",
        ["birthcountry"] = "pays de naissance",
        ["email"] = "adresse électronique",
        ["email_verified"] = "adresse électronique vérifiée",
        ["phone_number"] = "téléphone",
        ["phone_number_verified"] = "téléphone vérifié",
        ["address"] = "adresse postale",
        ["updated_at"] = "mis à jour le",
    };

    /// <summary>eIDAS levels of assurance (Regulation 910/2014, art. 8).</summary>
    private static readonly Dictionary<string, string> Levels = new(StringComparer.Ordinal)
    {
        ["eidas1"] = "eIDAS faible",
        ["eidas2"] = "eIDAS substantiel",
        ["eidas3"] = "eIDAS élevé",
    };

    /// <summary>Authentication method references (RFC 8176 §2).</summary>
    private static readonly Dictionary<string, string> Methods = new(StringComparer.Ordinal)
    {
        ["pwd"] = "mot de passe",
        ["otp"] = "code à usage unique",
        ["sms"] = "SMS",
        ["tel"] = "appel téléphonique",
        ["mail"] = "courriel",
        ["pin"] = "code PIN",
        ["fpt"] = "empreinte digitale",
        ["face"] = "reconnaissance faciale",
        ["sc"] = "carte à puce (CNIE)",
        ["hwk"] = "clé matérielle",
        ["swk"] = "clé logicielle (appareil enregistré)",
        ["pop"] = "preuve de possession d'une clé",
        ["mfa"] = "plusieurs facteurs",
        ["mca"] = "plusieurs canaux",
        ["user"] = "présence de l'utilisateur",
        ["kba"] = "questions personnelles",
        ["rba"] = "analyse de risque",
    };

    public static string Label(string claim) => Labels.TryGetValue(claim, out var label) ? $"{claim} — {label}" : claim;

    /// <summary>A claim's value, encoded: dates in clear, arrays as lists, objects as compact JSON.</summary>
    public static string Value(string claim, JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => E(value.GetString()),
        JsonValueKind.Number when Dates.Contains(claim) && value.TryGetInt64(out var seconds) =>
            $"{E(FormatDate(seconds))} <span class=\"muted\">({seconds.ToString(CultureInfo.InvariantCulture)})</span>",
        JsonValueKind.True => "oui",
        JsonValueKind.False => "non",
        JsonValueKind.Array => string.Join(", ", value.EnumerateArray().Select(item => Value(claim, item))),
        _ => $"<code>{E(value.GetRawText())}</code>",
    };

    public static string Level(string? acr) =>
        acr is null ? "(non indiqué)" : Levels.TryGetValue(acr, out var label) ? $"{acr} — {label}" : acr;

    public static string MethodList(JsonElement? amr)
    {
        if (amr is not { ValueKind: JsonValueKind.Array } values)
        {
            return "(non indiqué)";
        }

        return string.Join(", ", values.EnumerateArray()
            .Where(v => v.ValueKind == JsonValueKind.String)
            .Select(v => v.GetString()!)
            .Select(m => Methods.TryGetValue(m, out var label) ? $"{m} ({label})" : m));
    }

    /// <summary>
    /// Whether the level obtained satisfies the level asked for. Only eidasN values are ordered;
    /// Core §3.1.2.1 lets the provider answer with another acr, which the site must check.
    /// </summary>
    public static bool? Satisfies(string? obtained, string requested)
    {
        var wanted = requested.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(Rank).Where(r => r > 0).DefaultIfEmpty(0).Min();
        var got = Rank(obtained);
        return wanted == 0 ? null : got >= wanted;
    }

    public static string FormatDate(long unixSeconds) => FormatDate(DateTimeOffset.FromUnixTimeSeconds(unixSeconds));

    public static string FormatDate(DateTimeOffset instant) =>
        instant.UtcDateTime.ToString("dd/MM/yyyy HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);

    private static int Rank(string? acr) =>
        acr is { Length: 6 } && acr.StartsWith("eidas", StringComparison.Ordinal) && acr[5] is >= '1' and <= '3' ? acr[5] - '0' : 0;
}
