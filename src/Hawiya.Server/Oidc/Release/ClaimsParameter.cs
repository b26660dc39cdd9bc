using System.Text.Json;
using Hawiya.Contracts.Common;

namespace Hawiya.Server.Oidc.Release;

/// <summary>
/// The <c>claims</c> request parameter (OIDC Core §5.5): individual claims asked for the
/// identity token or userinfo, and the <c>acr</c> values a provider accepts. Claims it names
/// are released only from scopes the provider is accredited for, and only after consent.
/// </summary>
public sealed record ClaimsParameter(IReadOnlySet<string> Claims, LevelOfAssurance RequestedLevel)
{
    public static readonly ClaimsParameter None = new(new HashSet<string>(), LevelOfAssurance.None);

    /// <summary>Parses the parameter; returns false when it is not the JSON object §5.5 describes.</summary>
    public static bool TryParse(string? json, out ClaimsParameter parameter)
    {
        parameter = None;
        if (string.IsNullOrWhiteSpace(json))
        {
            return true;
        }

        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return false;
            }

            var claims = new HashSet<string>(StringComparer.Ordinal);
            var level = LevelOfAssurance.None;
            foreach (var target in document.RootElement.EnumerateObject().Where(t => t.Name is "id_token" or "userinfo"))
            {
                if (target.Value.ValueKind != JsonValueKind.Object)
                {
                    return false;
                }

                foreach (var claim in target.Value.EnumerateObject())
                {
                    claims.Add(claim.Name);
                    if (claim.Name == "acr" && LowestAcceptable(claim.Value) is var acr && acr != LevelOfAssurance.None)
                    {
                        level = level == LevelOfAssurance.None || acr < level ? acr : level;
                    }
                }
            }

            parameter = new ClaimsParameter(claims, level);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>The scopes whose claims were asked for individually.</summary>
    public IEnumerable<string> Scopes() =>
        ScopeCatalog.All.Where(s => s.Claims.Any(Claims.Contains)).Select(s => s.Name);

    // {"acr": {"essential": true, "values": ["eidas2", "eidas3"]}} accepts any listed level: the lowest is enough.
    private static LevelOfAssurance LowestAcceptable(JsonElement request)
    {
        if (request.ValueKind != JsonValueKind.Object)
        {
            return LevelOfAssurance.None;
        }

        var values = request.TryGetProperty("values", out var many) && many.ValueKind == JsonValueKind.Array
            ? many.EnumerateArray().Select(v => v.GetString())
            : request.TryGetProperty("value", out var one) ? [one.GetString()] : [];
        return values
            .Select(v => LevelOfAssuranceNames.TryParseAcr(v, out var level) ? level : LevelOfAssurance.None)
            .Where(l => l != LevelOfAssurance.None)
            .DefaultIfEmpty(LevelOfAssurance.None)
            .Min();
    }
}
