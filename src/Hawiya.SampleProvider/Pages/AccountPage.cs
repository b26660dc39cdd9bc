using System.Globalization;
using System.Security.Claims;
using System.Text.Json;
using Hawiya.SampleProvider.Authentication;
using Hawiya.SampleProvider.Tokens;
using Microsoft.AspNetCore.Authentication;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using static Hawiya.SampleProvider.Pages.Html;

namespace Hawiya.SampleProvider.Pages;

/// <summary>What the site received from Hawiya: identity, level, every claim and the tokens' lifetimes.</summary>
internal static class AccountPage
{
    /// <summary>Shown in their own section, so left out of the claim tables.</summary>
    private static readonly HashSet<string> Highlighted = new(StringComparer.Ordinal) { "sub", "acr", "amr", "auth_time" };

    public static IResult Render(HttpContext context, ClaimsPrincipal user, AuthenticationProperties properties, string stepUpAcr, DateTimeOffset now)
    {
        var idToken = JwtPayload.TryRead(properties.GetTokenValue(OpenIdConnectParameterNames.IdToken));
        var userInfo = JwtPayload.TryParseObject(properties.GetString(SampleProviderSchemes.UserInfoItem));

        string? Claim(string name) =>
            idToken is { } payload && payload.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
                ? value.GetString()
                : null;

        JsonElement? amr = idToken is { } p && p.TryGetProperty("amr", out var methods) ? methods : null;
        var authTime = idToken is { } t && t.TryGetProperty("auth_time", out var at) && at.TryGetInt64(out var seconds)
            ? ClaimDisplay.FormatDate(seconds)
            : "(non indiqué)";
        var sub = Claim("sub") ?? user.FindFirst("sub")?.Value;
        var acr = Claim("acr");

        var body = $"""
            <p class="notice">Vous êtes connecté avec Hawiya. Voici tout ce que le portail a reçu.</p>
            <h2>Votre identité pour ce service</h2>
            {Table([
                ("sub — identifiant technique", $"<code>{E(sub)}</code><br><span class=\"muted\">Propre à ce service (pairwise) : un autre service reçoit un autre identifiant pour vous.</span>"),
                ("acr — niveau de garantie", E(ClaimDisplay.Level(acr))),
                ("amr — méthodes utilisées", E(ClaimDisplay.MethodList(amr))),
                ("auth_time — authentification", E(authTime)),
            ])}
            {StepUpNotice(properties, acr)}
            <h2>Jeton d'identité (ID token)</h2>
            {ClaimTable(idToken, "Le jeton d'identité n'est pas lisible (absent ou chiffré).")}
            <h2>Informations utilisateur (userinfo)</h2>
            {ClaimTable(userInfo, "Pas de réponse userinfo enregistrée.")}
            <h2>Jetons</h2>
            {TokenTable(properties, now)}
            <div class="actions">
            {PostButton(context, "/refresh", "Rafraîchir les jetons", "button secondary")}
            <a class="button secondary" href="/step-up">Élever le niveau : {E(ClaimDisplay.Level(stepUpAcr))}</a>
            {PostButton(context, "/logout", "Se déconnecter")}
            </div>
            """;

        context.Response.Headers.CacheControl = "no-store";
        return Page("Mon espace", body);
    }

    private static string StepUpNotice(AuthenticationProperties properties, string? acr)
    {
        if (!properties.Items.TryGetValue(SampleProviderSchemes.RequestedAcrItem, out var requested) || string.IsNullOrEmpty(requested))
        {
            return string.Empty;
        }

        return ClaimDisplay.Satisfies(acr, requested) switch
        {
            true => $"<p class=\"notice\">Niveau demandé : <code>{E(requested)}</code> — obtenu.</p>",
            false => $"<p class=\"warning\">Niveau demandé : <code>{E(requested)}</code>, obtenu : <code>{E(acr ?? "aucun")}</code>. "
                + "Un vrai service refuserait l'accès aux démarches qui exigent ce niveau (OIDC Core §3.1.2.1).</p>",
            null => $"<p class=\"muted\">Niveau demandé : <code>{E(requested)}</code>.</p>",
        };
    }

    private static string ClaimTable(JsonElement? claims, string whenMissing)
    {
        if (claims is not { } values)
        {
            return $"<p class=\"muted\">{E(whenMissing)}</p>";
        }

        var rows = values.EnumerateObject()
            .Where(c => !Highlighted.Contains(c.Name))
            .Select(c => (ClaimDisplay.Label(c.Name), ClaimDisplay.Value(c.Name, c.Value)))
            .ToList();
        return rows.Count == 0 ? "<p class=\"muted\">(aucune autre information)</p>" : Table(rows);
    }

    private static string TokenTable(AuthenticationProperties properties, DateTimeOffset now)
    {
        var accessExpiresAt = TokenLifetimes.Parse(properties.GetTokenValue("expires_at"));
        var hasRefresh = !string.IsNullOrEmpty(properties.GetTokenValue(OpenIdConnectParameterNames.RefreshToken));
        var refreshExpiresAt = TokenLifetimes.Parse(properties.GetString(SampleProviderSchemes.RefreshExpiresAtItem));

        var refresh = !hasRefresh
            ? "absent (scope <code>offline_access</code> non accordé)"
            : refreshExpiresAt is { } at ? Expiry(at, now) : "présent — durée non communiquée par le fournisseur";

        return Table([
            ("access token — expire", accessExpiresAt is { } expires ? Expiry(expires, now) : "(durée non communiquée)"),
            ("refresh token", refresh),
            ("session locale — expire", properties.ExpiresUtc is { } session ? Expiry(session, now) : "(fin de navigation)"),
        ]);
    }

    public static string Expiry(DateTimeOffset at, DateTimeOffset now)
    {
        var minutes = (int)Math.Round((at - now).TotalMinutes);
        var relative = minutes >= 0
            ? $"dans {minutes.ToString(CultureInfo.InvariantCulture)} min"
            : $"expiré depuis {(-minutes).ToString(CultureInfo.InvariantCulture)} min";
        return $"{E(ClaimDisplay.FormatDate(at))} <span class=\"muted\">({E(relative)})</span>";
    }
}
