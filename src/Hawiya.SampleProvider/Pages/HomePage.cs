using Hawiya.SampleProvider.Hosting;
using Hawiya.SampleProvider.Tokens;
using static Hawiya.SampleProvider.Pages.Html;

namespace Hawiya.SampleProvider.Pages;

/// <summary>The landing page with the "Se connecter avec Hawiya" button, and the refresh result page.</summary>
internal static class HomePage
{
    public static IResult Render(HttpContext context, SampleProviderSettings settings)
    {
        var signedIn = context.User.Identity?.IsAuthenticated == true;
        var action = signedIn
            ? """<a class="button" href="/account">Accéder à mon espace</a>"""
            : """<a class="button hawiya" href="/login">Se connecter avec Hawiya</a>""";

        var body = $"""
            <p>Déclarez vos revenus, consultez vos avis d'imposition et payez en ligne.
            Identifiez-vous avec votre identité numérique nationale : le portail ne voit jamais votre mot de passe ni votre carte.</p>
            <div class="actions">{action}</div>
            <h2>Ce que montre cette démonstration</h2>
            <p>Un service en ligne qui s'appuie sur Hawiya par OpenID Connect : flux « authorization code » avec PKCE,
            requête poussée (PAR) si le fournisseur la propose, identifiant <code>sub</code> propre au service,
            niveau eIDAS (<code>acr</code>), méthodes utilisées (<code>amr</code>), rafraîchissement des jetons,
            déconnexion initiée par le service et déconnexion en arrière-plan (back-channel).</p>
            {Table([
                ("fournisseur (issuer)", $"<code>{E(settings.Authority)}</code>"),
                ("client_id", $"<code>{E(settings.ClientId)}</code>"),
                ("scopes demandés", $"<code>{E(settings.Scopes)}</code>"),
                ("niveau demandé", string.IsNullOrWhiteSpace(settings.AcrValues) ? "(au choix du fournisseur)" : $"<code>{E(settings.AcrValues)}</code>"),
            ])}
            <p class="muted">Comptes de démonstration : voir <code>infra/seed/demo.json</code> (citoyens AB100001 à AB100004).</p>
            """;
        return Page("Bienvenue", body);
    }

    public static IResult RenderRefresh(RefreshOutcome outcome, DateTimeOffset now)
    {
        if (!outcome.Succeeded)
        {
            var retry = outcome.Error is "invalid_grant" or "no_refresh_token" or "not_signed_in"
                ? """<p>Le jeton de rafraîchissement n'est plus utilisable : <a href="/login">reconnectez-vous</a>.</p>"""
                : string.Empty;
            return Page("Rafraîchissement refusé",
                $"""
                <p class="warning">{E(ErrorPage.Explain(outcome.Error!))}</p>
                {Table([
                    ("error", $"<code>{E(outcome.Error)}</code>"),
                    ("error_description", string.IsNullOrEmpty(outcome.ErrorDescription) ? "<span class=\"muted\">(aucune)</span>" : E(outcome.ErrorDescription)),
                ])}
                {retry}
                <div class="actions"><a class="button" href="/account">Retour à mon espace</a></div>
                """,
                StatusCodes.Status400BadRequest);
        }

        var body = $"""
            <p class="notice">Nouveaux jetons obtenus avec le refresh token (RFC 6749 §6).</p>
            {Table([
                ("access token — expire", outcome.AccessTokenExpiresAt is { } at ? AccountPage.Expiry(at, now) : "(durée non communiquée)"),
                ("refresh token", outcome.RefreshTokenRotated ? "remplacé par un nouveau (rotation)" : "inchangé"),
                ("refresh token — expire", outcome.RefreshTokenExpiresAt is { } rt ? AccountPage.Expiry(rt, now) : "(durée non communiquée)"),
                ("jeton d'identité", outcome.IdTokenRenewed ? "renouvelé et vérifié (signature, iss, aud, sub)" : "inchangé"),
            ])}
            <div class="actions"><a class="button" href="/account">Retour à mon espace</a></div>
            """;
        return Page("Jetons rafraîchis", body);
    }
}
